import { ContextSearch, type SearchFormValues } from "@/components/contexts/context-search";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageRole } from "@/lib/auth/guards";
import { hasRole } from "@/lib/auth/roles";

export const metadata = { title: "Search contexts" };

export default async function ContextSearchPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageRole("viewer");
  const params = await searchParams;
  const one = (name: string) => (typeof params[name] === "string" ? params[name] : "");
  const tier = one("tier");
  const filters: SearchFormValues = {
    text: one("text"),
    title: one("title"),
    conversation: one("conversation"),
    user: one("user"),
    tier: tier === "warm" || tier === "cold" ? tier : "",
  };
  const isAdmin = hasRole(user, "admin");
  return (
    <>
      <PageHeader
        title="Search contexts"
        description={isAdmin ? "Every user's contexts, warm and cold, newest first. Combine filters; the address bar keeps them." : "Your contexts, warm and cold, newest first."}
      />
      <ContextSearch key={JSON.stringify(filters)} filters={filters} isAdmin={isAdmin} />
    </>
  );
}
