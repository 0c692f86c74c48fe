import { SectionLoading } from "@/components/ui/route-states";

export default function OverviewLoading() {
  return <SectionLoading title="Overview" rows={4} />;
}
