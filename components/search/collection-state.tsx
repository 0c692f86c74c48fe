import { Badge, type Tone } from "@/components/ui/badge";

const stateTone: Record<string, Tone> = { empty: "neutral", queued: "info", syncing: "info", ready: "good", failed: "bad" };
const docTone: Record<string, Tone> = { pending: "neutral", processing: "info", indexed: "good", skipped: "warn", failed: "bad" };

export function CollectionStateBadge({ state }: { state: string }) {
  return <Badge tone={stateTone[state] ?? "neutral"}>{state}</Badge>;
}

export function DocumentStatusBadge({ status }: { status: string }) {
  return <Badge tone={docTone[status] ?? "neutral"}>{status}</Badge>;
}
