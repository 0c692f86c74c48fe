import { CollectionForm } from "@/components/search/collection-form";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageRole } from "@/lib/auth/guards";
import { bucketNamesForForm } from "@/lib/search/form-options";

export const metadata = { title: "New collection" };

export default async function NewCollectionPage({ searchParams }: { searchParams: Promise<{ bucket?: string; prefix?: string }> }) {
  await requirePageRole("editor");
  const { bucket = "", prefix = "" } = await searchParams;
  return (
    <>
      <PageHeader title="New collection" description="Index the documents under a bucket prefix. The first sync starts as soon as it is created." />
      <CollectionForm
        mode="create"
        buckets={await bucketNamesForForm()}
        initial={{
          name: "",
          description: "",
          sources: [{ bucket, prefix, include: "", exclude: "" }],
          provider: "builtin",
          model: "all-MiniLM-L6-v2",
          strategy: "markdown",
          size: 180,
          overlap: 30,
          schedule: "",
        }}
      />
    </>
  );
}
