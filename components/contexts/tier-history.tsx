import { formatTimestamp } from "@/lib/format/units";
import type { TierEvent } from "@/lib/contexts/rows";
import { TierBadge } from "./tier-badge";

function describeBy(by: string): string {
  if (by === "create") return "created";
  if (by === "read") return "promoted by an API read";
  if (by === "write") return "promoted by a write";
  if (by === "archive-job") return "archived by the archive job";
  if (by.startsWith("manual:")) return `moved by ${by.slice("manual:".length)}`;
  return by;
}

/** Moves between warm and cold, newest first. Redis copies come and go with reads and are not listed. */
export function TierHistory({ events }: { events: TierEvent[] }) {
  if (events.length === 0) return <p className="text-sm text-zinc-500">No tier moves recorded.</p>;
  return (
    <ol className="space-y-2 text-sm" aria-label="Tier history">
      {[...events].reverse().map((e, i) => (
        <li key={`${e.at}-${i}`} className="flex flex-wrap items-center gap-2">
          <TierBadge tier={e.tier} />
          <span>{describeBy(e.by)}</span>
          <span className="ml-auto text-xs text-zinc-500 tabular-nums">{formatTimestamp(e.at)}</span>
        </li>
      ))}
    </ol>
  );
}
