import { SectionLoading } from "@/components/ui/route-states";

export default function FilesLoading() {
  return <SectionLoading title="Files" rows={8} />;
}
