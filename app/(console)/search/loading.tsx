import { SectionLoading } from "@/components/ui/route-states";

export default function SearchLoading() {
  return <SectionLoading title="Search" rows={6} />;
}
