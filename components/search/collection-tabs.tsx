"use client";

import { SectionTabs } from "@/components/ui/section-tabs";

/** Overview and Evaluate of one collection. */
export function CollectionTabs({ name }: { name: string }) {
  const base = `/search/collections/${name}`;
  return (
    <SectionTabs
      label={`Collection ${name}`}
      variant="pills"
      tabs={[
        { href: base, label: "Overview" },
        { href: `${base}/evaluate`, label: "Evaluate" },
      ]}
    />
  );
}
