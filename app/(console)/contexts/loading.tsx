import { SectionLoading } from "@/components/ui/route-states";

export default function ContextsLoading() {
  return <SectionLoading title="Contexts" rows={6} />;
}
