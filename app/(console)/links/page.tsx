import Link from "next/link";
import { ShareLinksTable } from "@/components/files/share-links-table";
import { linkStateFilters, type LinkStateFilter } from "@/lib/files/share-link-filters";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageRole } from "@/lib/auth/guards";
import { hasRole } from "@/lib/auth/roles";

export const metadata = { title: "Share links" };

export default async function LinksPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageRole("editor");
  const isAdmin = hasRole(user, "admin");
  const search = await searchParams;
  const scope = isAdmin && search.scope === "all" ? "all" : "mine";
  const state = linkStateFilters.find((f) => f === search.state) ?? ("any" satisfies LinkStateFilter);
  return (
    <>
      <PageHeader
        title="Share links"
        description="Links to single files at /d/<token>: each one expires, may have a download limit, and can be revoked at once."
        actions={
          isAdmin ? (
            <Link href={scope === "all" ? "/links" : "/links?scope=all"} className="text-sm text-accent-600 hover:underline">
              {scope === "all" ? "Show only mine" : "Show everyone's"}
            </Link>
          ) : null
        }
      />
      <ShareLinksTable scope={scope} state={state} />
    </>
  );
}
