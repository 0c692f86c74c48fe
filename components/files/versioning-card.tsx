"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import type { Feature, Versioning } from "@/lib/files/bucket-settings";
import { filesApi } from "@/lib/files/queries";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { NoticeMessage } from "@/components/ui/notice";

const meaning: Record<Versioning, string> = {
  Enabled: "Every overwrite or delete keeps the previous version; open an object to download or restore one.",
  Suspended: "New writes no longer keep versions; versions made while it was on are still there.",
  Off: "Overwrites and deletes are final.",
};

/** Versioning on, or suspended (S3 cannot switch it fully off once it was on). */
export function VersioningCard({ bucket, versioning, onNotice }: { bucket: string; versioning: Feature<Versioning>; onNotice: (notice: NoticeMessage) => void }) {
  const [state, setState] = useState<Versioning | null>(versioning.supported ? versioning.value : null);
  const [confirming, setConfirming] = useState(false);
  const change = useMutation({
    mutationFn: (enabled: boolean) => filesApi.setVersioning(bucket, enabled),
    onSuccess: ({ versioning: next }) => {
      setState(next);
      onNotice({ tone: "good", text: `Versioning of ${bucket} is now ${next === "Enabled" ? "on" : "suspended"}.` });
    },
    onError: (error) => onNotice({ tone: "bad", text: error.message }),
    onSettled: () => setConfirming(false),
  });
  if (!versioning.supported || state === null) {
    return (
      <Card title="Versioning">
        <p className="text-sm text-zinc-600 dark:text-zinc-400">Versioning is not available: {versioning.supported ? "" : versioning.reason}</p>
      </Card>
    );
  }
  const on = state === "Enabled";
  return (
    <Card
      title="Versioning"
      actions={
        <Button size="sm" variant={on ? "secondary" : "primary"} disabled={change.isPending} onClick={() => (on ? setConfirming(true) : change.mutate(true))}>
          {on ? "Suspend versioning" : "Turn versioning on"}
        </Button>
      }
    >
      <p className="text-sm">
        <Badge tone={on ? "good" : "neutral"}>{on ? "On" : state === "Suspended" ? "Suspended" : "Off"}</Badge>{" "}
        <span className="text-zinc-600 dark:text-zinc-400">{meaning[state]}</span>
      </p>
      <ConfirmDialog
        open={confirming}
        title={`Suspend versioning of ${bucket}?`}
        confirmLabel="Suspend"
        busy={change.isPending}
        onConfirm={() => change.mutate(false)}
        onCancel={() => setConfirming(false)}
      >
        From now on an overwrite or delete replaces the object for good. Versions kept so far stay (and keep taking space) until deleted.
      </ConfirmDialog>
    </Card>
  );
}
