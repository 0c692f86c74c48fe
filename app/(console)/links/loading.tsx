import { SectionLoading } from "@/components/ui/route-states";

export default function LinksLoading() {
  return <SectionLoading title="Share links" rows={6} />;
}
