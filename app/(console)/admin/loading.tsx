import { SectionLoading } from "@/components/ui/route-states";

export default function AdminLoading() {
  return <SectionLoading title="Admin" rows={6} />;
}
