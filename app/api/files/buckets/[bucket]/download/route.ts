import { z } from "zod";
import { withSessionRole } from "@/lib/auth/guards";
import { presignDownload } from "@/lib/files/presign";
import { forcedResponseType, previewFamilies } from "@/lib/files/preview";
import { presignObjectDownload } from "@/lib/files/versions";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ bucket: string }> };

const query = z.object({
  key: z.string().min(1, "Name the object with ?key="),
  /** A previous version; checked to exist first, so a wrong id is a 404 here rather than at the store. */
  versionId: z.string().min(1).max(1024).optional(),
  /** Shown in the console rather than downloaded: inline, with the type forced to what is previewed (lib/files/preview.ts). */
  preview: z.enum(previewFamilies).optional(),
  /** `json` returns the URL (previews fetch it); otherwise the browser is redirected to it (download links). */
  format: z.enum(["redirect", "json"]).default("redirect"),
});

/** A short-lived presigned GET: the bytes go from the store to the browser, never through the app. */
export const GET = withSessionRole<Context>("viewer", async (request, { params }) => {
  const { bucket } = await params;
  const { key, versionId, preview, format } = query.parse(Object.fromEntries(request.nextUrl.searchParams));
  const signed = versionId
    ? await presignObjectDownload(bucket, key, { versionId, disposition: "attachment" })
    : await presignDownload(
        bucket,
        key,
        preview ? { disposition: "inline", responseContentType: forcedResponseType(preview, key) } : { disposition: "attachment" },
      );
  if (format === "json") return Response.json(signed, { headers: { "cache-control": "no-store" } });
  return new Response(null, { status: 302, headers: { location: signed.url, "cache-control": "no-store" } });
});
