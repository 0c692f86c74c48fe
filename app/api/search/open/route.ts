import { z } from "zod";
import { withSessionRole } from "@/lib/auth/guards";
import { readQuery } from "@/lib/http/input";
import { bucketSchema } from "@/lib/search/schemas";
import { presignOpen } from "@/lib/search/open";

export const dynamic = "force-dynamic";

const query = z.object({ bucket: bucketSchema, key: z.string().min(1).max(1024), type: z.string().max(200).default("text/plain") });

/** A search result's Open: a redirect to a short-lived presigned URL; the bytes go from the store to the browser. */
export const GET = withSessionRole("viewer", async (request) => {
  const { bucket, key, type } = readQuery(request.nextUrl, query);
  return new Response(null, { status: 302, headers: { location: await presignOpen(bucket, key, type), "cache-control": "no-store" } });
});
