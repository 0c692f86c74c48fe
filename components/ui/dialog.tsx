"use client";

import { useEffect, useRef, type FormEvent, type ReactNode } from "react";
import { Button } from "./button";

/**
 * A modal form on the native <dialog> (focus trap and Escape for free), for dialogs that ask for input:
 * the submit button is the default action, Cancel and Escape close it unless it is busy.
 */
export function Dialog({
  open,
  title,
  description,
  children,
  submitLabel,
  tone = "primary",
  busy = false,
  submitDisabled = false,
  onSubmit,
  onClose,
  wide = false,
}: {
  open: boolean;
  title: string;
  description?: ReactNode;
  children?: ReactNode;
  /** Without a submit label the dialog only shows information and a Close button. */
  submitLabel?: string;
  tone?: "primary" | "danger";
  busy?: boolean;
  submitDisabled?: boolean;
  onSubmit?: () => void;
  onClose: () => void;
  wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!busy && !submitDisabled) onSubmit?.();
  };
  return (
    <dialog
      ref={ref}
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onClose();
      }}
      className={`m-auto w-full ${wide ? "max-w-2xl" : "max-w-md"} rounded-lg border border-zinc-200 bg-white p-0 text-zinc-900 shadow-xl backdrop:bg-black/40 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100`}
    >
      {open ? (
        <form onSubmit={submit} className="p-5">
          <h2 className="text-base font-semibold">{title}</h2>
          {description ? <div className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{description}</div> : null}
          {children ? <div className="mt-4 space-y-3 text-sm">{children}</div> : null}
          <div className="mt-5 flex justify-end gap-2">
            <Button onClick={onClose} disabled={busy}>
              {submitLabel ? "Cancel" : "Close"}
            </Button>
            {submitLabel ? (
              <Button type="submit" variant={tone} disabled={busy || submitDisabled}>
                {busy ? "Working…" : submitLabel}
              </Button>
            ) : null}
          </div>
        </form>
      ) : null}
    </dialog>
  );
}

/** A labelled form field: label above, hint or error below, wired for screen readers. */
export function Field({ id, label, hint, error, children }: { id: string; label: string; hint?: ReactNode; error?: string | null; children: ReactNode }) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      {children}
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-xs text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : hint ? (
        <p id={`${id}-hint`} className="text-xs text-zinc-500">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

export const inputClasses =
  "block h-9 w-full rounded-md border border-zinc-300 bg-white px-2.5 text-sm text-zinc-900 placeholder:text-zinc-400 focus:border-accent-500 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100";
