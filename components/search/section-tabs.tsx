"use client";

import { SectionTabs, type SectionTab } from "@/components/ui/section-tabs";

const tabs: SectionTab[] = [
  { href: "/search", label: "Search" },
  { href: "/search/collections", label: "Collections", match: "prefix" },
];

export function SearchTabs() {
  return <SectionTabs label="Search" tabs={tabs} />;
}
