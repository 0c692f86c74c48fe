import { SectionLoading } from "@/components/ui/route-states";

/** Shown while the page reads; the role check sits above it, in a layout (docs/architecture.md, "Route states"). */
export default function SearchLoading() {
  return <SectionLoading title="Search" rows={6} />;
}
