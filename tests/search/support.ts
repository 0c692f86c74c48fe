import { db } from "@/lib/db/client";
import { generationName } from "@/lib/search/names";
import { qdrant } from "@/lib/search/vector-store";

export type PointRow = { id: string; payload: Record<string, unknown> };

/** Every point of a collection's generation, read back from the vector store (scroll, 256 at a time). */
export async function allPoints(collectionId: string, generation: number): Promise<PointRow[]> {
  const out: PointRow[] = [];
  let offset: string | number | undefined | null;
  do {
    const page = await qdrant().scroll(generationName(collectionId, generation), { limit: 256, with_payload: true, with_vector: false, ...(offset ? { offset } : {}) });
    for (const p of page.points) out.push({ id: String(p.id), payload: (p.payload ?? {}) as Record<string, unknown> });
    offset = page.next_page_offset as string | number | null | undefined;
  } while (offset);
  return out;
}

export async function documentsByKey(collectionId: string) {
  const rows = await db().searchDocument.findMany({ where: { collectionId } });
  return Object.fromEntries(rows.map((r) => [r.key, r]));
}
