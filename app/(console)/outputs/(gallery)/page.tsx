import Link from "next/link";
import { GalleryFiltersForm } from "@/components/outputs/gallery-filters";
import { OutputsGallery } from "@/components/outputs/gallery";
import { buttonClasses } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { ErrorState } from "@/components/ui/states";
import { requirePageRole } from "@/lib/auth/guards";
import { hasRole } from "@/lib/auth/roles";
import { galleryFiltersSchema, galleryPage } from "@/lib/outputs/gallery";
import { deleteOutputsAction } from "../actions";

export const metadata = { title: "Outputs" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function OutputsPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requirePageRole("viewer");
  const isAdmin = hasRole(user, "admin");
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = galleryFiltersSchema.safeParse(raw);
  const header = (
    <PageHeader
      title="Generated outputs"
      description={
        isAdmin
          ? "Images and audio the platform generated, everyone's (filter by user). Hot copies live on SSD for a week, cold copies on HDD until deleted."
          : "Images and audio generated for you. Hot copies live on SSD for a week, cold copies on HDD until you delete them."
      }
    />
  );
  if (!parsed.success) {
    return (
      <>
        {header}
        <ErrorState title="These filters are not valid" error={parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")} />
      </>
    );
  }
  const filters = parsed.data;
  const page = await galleryPage({ actor: user }, filters);
  const next = new URLSearchParams(Object.entries({ ...filters, cursor: page.nextCursor ?? "" }).filter((e): e is [string, string] => Boolean(e[1])));
  const filtered = Boolean(filters.type || filters.from || filters.to || filters.user);
  return (
    <>
      {header}
      <GalleryFiltersForm filters={filters} isAdmin={isAdmin} />
      <OutputsGallery items={page.items} showOwner={page.everyone} filtered={filtered || Boolean(filters.cursor)} remove={deleteOutputsAction} />
      <nav aria-label="Pages" className="mt-4 flex gap-2">
        {filters.cursor ? (
          <Link href={`/outputs?${new URLSearchParams(Object.entries({ ...filters, cursor: "" }).filter((e): e is [string, string] => Boolean(e[1])))}`} className={buttonClasses("secondary", "sm")}>
            First page
          </Link>
        ) : null}
        {page.nextCursor ? (
          <Link href={`/outputs?${next}`} className={buttonClasses("secondary", "sm")}>
            Next page
          </Link>
        ) : null}
      </nav>
    </>
  );
}
