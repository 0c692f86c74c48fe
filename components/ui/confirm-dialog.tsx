"use client";

import type { ReactNode } from "react";
import { Dialog } from "./dialog";

/** A yes/no question before an action; destructive actions pass `tone="danger"` so the button reads as such. */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  tone = "primary",
  busy = false,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  tone?: "primary" | "danger";
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <Dialog open={open} title={title} description={children} submitLabel={confirmLabel} tone={tone} busy={busy} onSubmit={onConfirm} onClose={onCancel} />
  );
}
