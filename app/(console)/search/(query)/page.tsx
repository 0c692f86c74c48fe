import { headers } from "next/headers";
import { PageHeader } from "@/components/ui/page-header";
import { SearchPanel } from "@/components/search/search-panel";
import { requirePageRole } from "@/lib/auth/guards";
import { originFromHeaders } from "@/lib/http/origin";
import { parseSearchParams, toQueryString } from "@/lib/search/search-url";
import { listCollections } from "@/lib/search/service";

export const metadata = { title: "Search" };

export default async function SearchPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageRole("viewer");
  const params = parseSearchParams(await searchParams);
  const collections = await listCollections({ actor: user, origin: originFromHeaders(await headers()) });
  return (
    <>
      <PageHeader title="Search" description="Semantic and keyword search over the documents in your buckets. Every setting is in the URL, so a search can be shared." />
      <SearchPanel key={toQueryString(params)} params={params} collections={collections.map((c) => c.name)} />
    </>
  );
}
