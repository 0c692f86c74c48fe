import { payloadTooLarge } from "@/lib/http/errors";
import { listObjectsPage, type ListingPage, type ObjectEntry } from "./list-objects";

/**
 * S3 lists in key order only, so sorting a folder by size or date means reading all of it. Up to this many
 * entries (ten listing pages) the server reads the whole folder level and answers it sorted; above it, the
 * answer says so and the browser sorts the rows it has loaded.
 */
export const MAX_SORTED_ENTRIES = 10_000;

export type SortBy = "size" | "modified";

export function sortObjects(objects: ObjectEntry[], sort: SortBy, order: "asc" | "desc"): ObjectEntry[] {
  const direction = order === "asc" ? 1 : -1;
  const value = sort === "size" ? (o: ObjectEntry) => o.size : (o: ObjectEntry) => Date.parse(o.lastModified ?? "") || 0;
  // Ties keep the store's name order, so the result is the same on every load.
  return objects.map((o, i) => ({ o, i })).sort((a, b) => direction * (value(a.o) - value(b.o)) || a.i - b.i).map(({ o }) => o);
}

/** One folder level, complete and sorted (folders first, by name); 413 naming the limit when it is larger. */
export async function listFolderSorted(
  bucket: string,
  prefix: string,
  sort: SortBy,
  order: "asc" | "desc",
  /** Tests pass a smaller bound. */
  maxEntries = MAX_SORTED_ENTRIES,
): Promise<ListingPage> {
  const folders: string[] = [];
  const objects: ObjectEntry[] = [];
  let token: string | undefined;
  do {
    const page = await listObjectsPage({ bucket, prefix, continuationToken: token, maxKeys: Math.min(1000, maxEntries + 1) });
    folders.push(...page.folders);
    objects.push(...page.objects);
    if (folders.length + objects.length > maxEntries) {
      throw payloadTooLarge(
        `This folder has more than ${maxEntries.toLocaleString("en")} entries, too many to sort by ${sort === "size" ? "size" : "date"} on the server; the rows loaded so far are sorted instead.`,
      );
    }
    token = page.nextToken ?? undefined;
  } while (token);
  return { folders, objects: sortObjects(objects, sort, order), nextToken: null };
}
