import { SectionLoading } from "@/components/ui/route-states";

/** Shown while the page reads; the role check sits above it, in a layout (docs/architecture.md, "Route states"). */
export default function ModelsLoading() {
  return <SectionLoading title="Model tiers" rows={8} />;
}
