import type { ListingPage, ObjectEntry } from "@/lib/files/list-objects";
import { baseName } from "@/lib/files/names";

export type Row =
  | { kind: "folder"; id: string; name: string; prefix: string }
  | { kind: "object"; id: string; name: string; object: ObjectEntry };

export type SortField = "name" | "size" | "modified";
export type SortOrder = "asc" | "desc";

/**
 * The rows of the loaded pages: folders first, then objects. "name ascending" keeps the store's own order
 * (UTF-8 byte order, what the pages arrive in); other orders sort what has been loaded so far.
 */
export function rowsOf(pages: ListingPage[], sort: SortField, order: SortOrder): Row[] {
  const folders: Row[] = [];
  const objects: Extract<Row, { kind: "object" }>[] = [];
  for (const page of pages) {
    for (const prefix of page.folders) folders.push({ kind: "folder", id: `d:${prefix}`, name: baseName(prefix), prefix });
    for (const object of page.objects) objects.push({ kind: "object", id: `f:${object.key}`, name: baseName(object.key), object });
  }
  const direction = order === "asc" ? 1 : -1;
  if (sort === "size") objects.sort((a, b) => direction * (a.object.size - b.object.size));
  else if (sort === "modified") objects.sort((a, b) => direction * (a.object.lastModified ?? "").localeCompare(b.object.lastModified ?? ""));
  else if (order === "desc") {
    objects.reverse();
    folders.reverse();
  }
  return [...folders, ...objects];
}
