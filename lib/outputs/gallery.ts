import { z } from "zod";
import type { Caller } from "@/lib/auth/caller";
import { hasRole } from "@/lib/auth/roles";
import { defaultOutputDeps, type OutputDeps } from "./deps";
import { outputTypeSchema, userIdSchema, type Output } from "./schemas";
import { listOutputs, previewUrls } from "./service";

/** The console's gallery: filters from the address bar (so a view can be shared), one page of outputs with URLs to show them. */

const day = z.iso.date("A date is YYYY-MM-DD.");
const blankToUndefined = (v: unknown) => (v === "" ? undefined : v);

export const galleryFiltersSchema = z.object({
  type: z.preprocess(blankToUndefined, outputTypeSchema.optional()),
  from: z.preprocess(blankToUndefined, day.optional()),
  to: z.preprocess(blankToUndefined, day.optional()),
  user: z.preprocess(blankToUndefined, userIdSchema.optional()),
  cursor: z.preprocess(blankToUndefined, z.string().max(200).optional()),
});

export type GalleryFilters = z.output<typeof galleryFiltersSchema>;
export type GalleryItem = Output & { previewUrl: string };
export type GalleryPage = { items: GalleryItem[]; nextCursor: string | null; everyone: boolean };

export const GALLERY_PAGE_SIZE = 48;

export async function galleryPage(caller: Caller, filters: GalleryFilters, deps: OutputDeps = defaultOutputDeps()): Promise<GalleryPage> {
  const isAdmin = hasRole(caller.actor, "admin");
  // People see their own; admins everyone's, or one user's with the user filter.
  const userId = isAdmin ? filters.user : caller.actor.id;
  const page = await listOutputs(caller, { userId, type: filters.type, from: filters.from, to: filters.to, cursor: filters.cursor, limit: GALLERY_PAGE_SIZE }, deps);
  const urls = await previewUrls(page.rows, deps);
  return { items: page.outputs.map((o) => ({ ...o, previewUrl: urls[o.id]! })), nextCursor: page.nextCursor, everyone: isAdmin && !filters.user };
}
