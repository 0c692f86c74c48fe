import { z } from "zod";
import { withSessionRole } from "@/lib/auth/guards";
import { readQuery } from "@/lib/http/input";
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
export const GET = withSessionRole<Context>("viewer", async (request, { params, caller }) => {
  const name = collectionNameSchema.parse((await params).name);
  return Response.json(await collectionDocuments(caller, name, readQuery(request.nextUrl, query)), { headers: { "cache-control": "no-store" } });
});
