import type { ReactNode } from "react";
import { SearchTabs } from "@/components/search/section-tabs";

export default function SearchLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <SearchTabs />
      {children}
    </>
  );
}
