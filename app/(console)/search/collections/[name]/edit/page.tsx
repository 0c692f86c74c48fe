import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { CollectionForm } from "@/components/search/collection-form";
import { requirePageRole } from "@/lib/auth/guards";
import { originFromHeaders } from "@/lib/http/origin";
import { findCollection } from "@/lib/search/collections";
import { bucketNamesForForm, formValuesOf } from "@/lib/search/form-options";
import { describeCollection } from "@/lib/search/service";

export const metadata = { title: "Edit collection" };

export default async function EditCollectionPage({ params }: { params: Promise<{ name: string }> }) {
  const user = await requirePageRole("editor");
  const name = decodeURIComponent((await params).name);
  if (!(await findCollection(name))) notFound();
  const collection = await describeCollection({ actor: user, origin: originFromHeaders(await headers()) }, name);
  return <CollectionForm mode="edit" buckets={await bucketNamesForForm()} initial={formValuesOf(collection)} />;
}
