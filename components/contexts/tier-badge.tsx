import { Badge, type Tone } from "@/components/ui/badge";
import type { Tier } from "@/lib/contexts/schemas";

const look: Record<Tier, { tone: Tone; title: string }> = {
  hot: { tone: "warn", title: "In Redis: answers in about a millisecond (and kept in PostgreSQL)" },
  warm: { tone: "info", title: "In PostgreSQL's warm table" },
  cold: { tone: "neutral", title: "In the PostgreSQL archive; an API read promotes it back to warm" },
};

export function TierBadge({ tier }: { tier: Tier }) {
  return (
    <Badge tone={look[tier].tone} title={look[tier].title}>
      <span data-tier={tier}>{tier}</span>
    </Badge>
  );
}
