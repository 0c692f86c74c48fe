import { Badge, type Tone } from "@/components/ui/badge";
import type { ModelState } from "@/lib/models/schemas";

const tones: Record<ModelState, Tone> = { hot: "warn", promoting: "info", demoting: "info", cold: "neutral" };

export function ModelStateBadge({ state }: { state: ModelState }) {
  return <Badge tone={tones[state]}>{state}</Badge>;
}
