import { Badge, type Tone } from "@/components/ui/badge";
import type { Tier } from "@/lib/outputs/schemas";

const look: Record<Tier, { tone: Tone; label: string; title: string }> = {
  hot: { tone: "warn", label: "hot", title: "On the hot tier (SSD) only; the cold copy is being made." },
  cold: { tone: "neutral", label: "cold", title: "On the cold tier (HDD) only; read it often and it comes back to hot." },
  both: { tone: "info", label: "hot + cold", title: "On both tiers: served from hot." },
  pending: { tone: "neutral", label: "uploading", title: "Registered; the upload has not been seen yet." },
};

export function OutputTierBadge({ tier }: { tier: Tier }) {
  const { tone, label, title } = look[tier];
  return (
    <Badge tone={tone} title={title}>
      {label}
    </Badge>
  );
}
