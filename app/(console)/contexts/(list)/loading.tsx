import { SectionLoading } from "@/components/ui/route-states";

/** Shown while the page reads; the role check sits above it, in a layout (docs/architecture.md, "Route states"). */
export default function ContextsLoading() {
  return <SectionLoading title="Conversation contexts" rows={8} />;
}
