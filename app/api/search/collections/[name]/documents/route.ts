import { z } from "zod";
import { withSessionRole } from "@/lib/auth/guards";
import { originFromHeaders } from "@/lib/http/origin";
import { documentStatuses } from "@/lib/search/collections";
import { collectionNameSchema } from "@/lib/search/names";
import { collectionDocuments } from "@/lib/search/service";

type Context = { params: Promise<{ name: string }> };

const query = z.object({
  status: z.enum(documentStatuses).optional(),
  cursor: z.string().regex(/^\d+$/, "cursor is the number the previous page gave").optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** One page of a collection's documents, optionally of one status. */
export const GET = withSessionRole<Context>("viewer", async (request, { params, principal }) => {
  const name = collectionNameSchema.parse((await params).name);
  const options = query.parse(Object.fromEntries(request.nextUrl.searchParams));
  const page = await collectionDocuments({ actor: principal, origin: originFromHeaders(request.headers) }, name, options);
  return Response.json(page, { headers: { "cache-control": "no-store" } });
});
