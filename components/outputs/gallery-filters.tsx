import Form from "next/form";
import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import type { GalleryFilters } from "@/lib/outputs/gallery";

const field = "h-9 rounded-md border border-zinc-300 bg-white px-2.5 text-sm dark:border-zinc-700 dark:bg-zinc-900";

/** A plain GET form: the filters live in the address bar, so a filtered gallery can be bookmarked and shared. */
export function GalleryFiltersForm({ filters, isAdmin }: { filters: GalleryFilters; isAdmin: boolean }) {
  return (
    <Form action="/outputs" className="mb-4 flex flex-wrap items-end gap-3" aria-label="Filter outputs">
      <label className="flex flex-col gap-1 text-xs text-zinc-500">
        Type
        <select name="type" defaultValue={filters.type ?? ""} className={field}>
          <option value="">All</option>
          <option value="image">Images</option>
          <option value="audio">Audio</option>
        </select>
      </label>
      <label className="flex flex-col gap-1 text-xs text-zinc-500">
        From
        <input type="date" name="from" defaultValue={filters.from ?? ""} className={field} />
      </label>
      <label className="flex flex-col gap-1 text-xs text-zinc-500">
        To
        <input type="date" name="to" defaultValue={filters.to ?? ""} className={field} />
      </label>
      {isAdmin ? (
        <label className="flex flex-col gap-1 text-xs text-zinc-500">
          User (Keycloak id)
          <input name="user" defaultValue={filters.user ?? ""} placeholder="everyone" className={`${field} w-72 font-mono`} />
        </label>
      ) : null}
      <button type="submit" className={buttonClasses("primary")}>
        Apply
      </button>
      <Link href="/outputs" className={buttonClasses("ghost")}>
        Clear
      </Link>
    </Form>
  );
}
