"use client";

import type { ReactNode } from "react";

export type NoticeMessage = { tone: "good" | "bad" | "info"; text: ReactNode };

const tones = {
  good: "bg-emerald-50 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200",
  bad: "bg-red-50 text-red-900 dark:bg-red-950 dark:text-red-200",
  info: "bg-accent-50 text-accent-700 dark:bg-blue-950 dark:text-blue-200",
};

/** The outcome of the last action, announced to screen readers and dismissible. */
export function Notice({ message, onDismiss }: { message: NoticeMessage | null; onDismiss: () => void }) {
  if (!message) return null;
  return (
    <div role={message.tone === "bad" ? "alert" : "status"} className={`flex items-start justify-between gap-3 rounded-md px-3 py-2 text-sm ${tones[message.tone]}`}>
      <div className="min-w-0 break-words">{message.text}</div>
      <button type="button" onClick={onDismiss} className="shrink-0 text-xs underline opacity-80 hover:opacity-100">
        Dismiss
      </button>
    </div>
  );
}
