import { SectionTabs } from "@/components/ui/section-tabs";

/** Gallery for everyone; the tier overview for admins. */
export function OutputsTabs({ isAdmin }: { isAdmin: boolean }) {
  return <SectionTabs label="Outputs" tabs={[{ href: "/outputs", label: "Gallery" }, ...(isAdmin ? [{ href: "/outputs/overview", label: "Tiers and jobs" }] : [])]} />;
}
