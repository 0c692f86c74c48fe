import Link from "next/link";
import { BucketsPanel } from "@/components/files/buckets-panel";
import { OperationsTable } from "@/components/files/operations-table";
import { UploadsTable } from "@/components/files/uploads-table";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageRole } from "@/lib/auth/guards";
import { hasRole } from "@/lib/auth/roles";

export const metadata = { title: "Files" };

type Search = Promise<Record<string, string | string[] | undefined>>;

function tabClasses(active: boolean): string {
  return `rounded-md px-3 py-1.5 text-sm ${active ? "bg-white font-medium shadow-xs dark:bg-zinc-800" : "text-zinc-600 hover:text-zinc-900 dark:text-zinc-400"}`;
}

export default async function FilesPage({ searchParams }: { searchParams: Search }) {
  const user = await requirePageRole("viewer");
  const isAdmin = hasRole(user, "admin");
  const search = await searchParams;
  const view = search.view === "uploads" || search.view === "operations" ? search.view : "buckets";
  const scope = isAdmin && search.scope === "all" ? "all" : "mine";
  return (
    <>
      <PageHeader title="Files" description="Buckets in the object store. Open one to browse, upload, download and share." />
      <nav aria-label="Files views" className="mb-4 inline-flex gap-1 rounded-lg bg-zinc-100 p-1 dark:bg-zinc-900">
        <Link href="/files" className={tabClasses(view === "buckets")} aria-current={view === "buckets" ? "page" : undefined}>
          Buckets
        </Link>
        <Link href="/files?view=uploads" className={tabClasses(view === "uploads" && scope === "mine")} aria-current={view === "uploads" && scope === "mine" ? "page" : undefined}>
          Your uploads
        </Link>
        {isAdmin ? (
          <Link href="/files?view=uploads&scope=all" className={tabClasses(view === "uploads" && scope === "all")} aria-current={view === "uploads" && scope === "all" ? "page" : undefined}>
            All uploads
          </Link>
        ) : null}
        <Link href="/files?view=operations" className={tabClasses(view === "operations" && scope === "mine")} aria-current={view === "operations" && scope === "mine" ? "page" : undefined}>
          Folder operations
        </Link>
        {isAdmin ? (
          <Link href="/files?view=operations&scope=all" className={tabClasses(view === "operations" && scope === "all")} aria-current={view === "operations" && scope === "all" ? "page" : undefined}>
            All operations
          </Link>
        ) : null}
      </nav>
      {view === "buckets" ? <BucketsPanel isAdmin={isAdmin} /> : view === "uploads" ? <UploadsTable scope={scope} /> : <OperationsTable scope={scope} />}
    </>
  );
}
