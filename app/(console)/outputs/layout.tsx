import type { ReactNode } from "react";
import { OutputsTabs } from "@/components/outputs/section-tabs";
import { requirePageRole } from "@/lib/auth/guards";
import { hasRole } from "@/lib/auth/roles";

export default async function OutputsLayout({ children }: { children: ReactNode }) {
  const user = await requirePageRole("viewer");
  return (
    <>
      <OutputsTabs isAdmin={hasRole(user, "admin")} />
      {children}
    </>
  );
}
