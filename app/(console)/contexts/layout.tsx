import type { ReactNode } from "react";
import { SectionTabs } from "@/components/contexts/section-tabs";

export default function ContextsLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <SectionTabs />
      {children}
    </>
  );
}
