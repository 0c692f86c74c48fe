import { HealthPanel } from "@/components/admin/health-panel";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageRole } from "@/lib/auth/guards";

export const metadata = { title: "Health" };

export default async function HealthPage() {
  await requirePageRole("admin");
  return (
    <>
      <PageHeader
        title="Health"
        description="Every dependency Strata needs, checked live. History comes from the health-probe job (every minute by default)."
      />
      <HealthPanel />
    </>
  );
}
