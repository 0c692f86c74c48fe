import { SectionLoading } from "@/components/ui/route-states";

export default function ModelsLoading() {
  return <SectionLoading title="Models" rows={6} />;
}
