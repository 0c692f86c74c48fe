import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { CollectionDetailView } from "@/components/search/collection-detail";
import { requirePageRole } from "@/lib/auth/guards";
import { hasRole } from "@/lib/auth/roles";
import { originFromHeaders } from "@/lib/http/origin";
import { documentStatuses, findCollection } from "@/lib/search/collections";
import { describeCollection } from "@/lib/search/service";

export const metadata = { title: "Collection" };

export default async function CollectionPage({ params, searchParams }: { params: Promise<{ name: string }>; searchParams: Promise<{ status?: string }> }) {
  const user = await requirePageRole("viewer");
  const name = decodeURIComponent((await params).name);
  if (!(await findCollection(name))) notFound();
  const collection = await describeCollection({ actor: user, origin: originFromHeaders(await headers()) }, name);
  const { status = "" } = await searchParams;
  return (
    <CollectionDetailView
      initial={collection}
      canEdit={hasRole(user, "editor")}
      canDelete={hasRole(user, "admin")}
      status={(documentStatuses as readonly string[]).includes(status) ? status : ""}
    />
  );
}
