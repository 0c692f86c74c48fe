"use client";

import type { ReactNode } from "react";

export type NoticeMessage = { tone: "good" | "bad" | "info"; text: ReactNode };

const tones = {
  good: "bg-emerald-50 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200",
  bad: "bg-red-50 text-red-900 dark:bg-red-950 dark:text-red-200",
  info: "bg-accent-50 text-accent-700 dark:bg-blue-950 dark:text-blue-200",
};

/** The outcome of the last action in a box, announced to screen readers (a failure as an alert); dismissible when `onDismiss` is given. */
export function Notice({ message, onDismiss }: { message: NoticeMessage | null; onDismiss?: () => void }) {
  if (!message) return null;
  return (
    <div role={message.tone === "bad" ? "alert" : "status"} className={`flex items-start justify-between gap-3 rounded-md px-3 py-2 text-sm ${tones[message.tone]}`}>
      <div className="min-w-0 break-words">{message.text}</div>
      {onDismiss ? (
        <button type="button" onClick={onDismiss} className="shrink-0 text-xs underline opacity-80 hover:opacity-100">
          Dismiss
        </button>
      ) : null}
    </div>
  );
}

const textTones = { good: "text-emerald-700 dark:text-emerald-400", bad: "text-red-700 dark:text-red-400", info: "text-zinc-600 dark:text-zinc-400" };

/** The outcome of the last action as a line of coloured text under the buttons that caused it (role "status"). */
export function StatusText({ message, className = "" }: { message: NoticeMessage | null; className?: string }) {
  if (!message) return null;
  return (
    <p role="status" className={`text-sm ${textTones[message.tone]} ${className}`.trim()}>
      {message.text}
    </p>
  );
}
