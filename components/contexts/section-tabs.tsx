import { SectionTabs as Tabs } from "@/components/ui/section-tabs";

export function SectionTabs() {
  return (
    <Tabs
      label="Contexts"
      tabs={[
        { href: "/contexts", label: "Overview" },
        { href: "/contexts/search", label: "Search" },
      ]}
    />
  );
}
