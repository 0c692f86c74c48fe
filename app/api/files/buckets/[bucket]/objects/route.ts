import { z } from "zod";
import { withSessionRole } from "@/lib/auth/guards";
import { listObjectsPage } from "@/lib/files/list-objects";
import { listFolderSorted } from "@/lib/files/sorted-listing";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ bucket: string }> };

const query = z.object({
  prefix: z.string().default(""),
  /** Typed text narrowing the folder by name: appended to the prefix, so the store does the filtering. */
  filter: z.string().max(1024).default(""),
  token: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(1000),
  /** Size or date: the whole folder level, sorted on the server (up to MAX_SORTED_ENTRIES; 413 above). */
  sort: z.enum(["size", "modified"]).optional(),
  order: z.enum(["asc", "desc"]).default("asc"),
});

/** One page of a folder, for the browser's infinite list; or, sorted by size or date, the whole folder level. */
export const GET = withSessionRole<Context>("viewer", async (request, { params }) => {
  const { bucket } = await params;
  const { prefix, filter, token, limit, sort, order } = query.parse(Object.fromEntries(request.nextUrl.searchParams));
  const page = sort
    ? await listFolderSorted(bucket, prefix + filter, sort, order)
    : await listObjectsPage({ bucket, prefix: prefix + filter, continuationToken: token, maxKeys: limit });
  return Response.json(page, { headers: { "cache-control": "no-store" } });
});
