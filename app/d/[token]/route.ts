import type { NextRequest } from "next/server";
import { inspectShareLink, openShareLink } from "@/lib/files/share-links";
import { isHttpError } from "@/lib/http/errors";
import { originFromHeaders } from "@/lib/http/origin";
import { logger } from "@/lib/log/logger";
import { downloadPage, refusalPage, refusalStatus } from "./share-page";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ token: string }> };

/**
 * A public share link. GET shows a landing page with a Download button and counts nothing, so link
 * previewers (chat apps, crawlers), `curl` without a follow-up and prefetches never use up a download.
 */
export async function GET(_request: NextRequest, { params }: Context): Promise<Response> {
  const { token } = await params;
  try {
    const link = await inspectShareLink(token);
    if (link.state === "unknown") return refusalPage("unknown");
    if (link.state !== "active") return refusalPage(link.state, link.filename);
    return downloadPage(link);
  } catch (error) {
    logger().error({ err: error }, "share link failed");
    return refusalPage("unavailable");
  }
}

/** The Download button: counts and records the download, then sends the browser to a fresh short-lived URL. */
export async function POST(request: NextRequest, { params }: Context): Promise<Response> {
  const { token } = await params;
  try {
    const opened = await openShareLink(token, originFromHeaders(request.headers));
    if (opened.outcome === "redirect") {
      return new Response(null, {
        status: 303,
        headers: { location: opened.url, "cache-control": "no-store", "referrer-policy": "no-referrer" },
      });
    }
    return refusalPage(opened.outcome, opened.outcome === "unknown" ? undefined : opened.filename);
  } catch (error) {
    if (!isHttpError(error)) logger().error({ err: error }, "share link failed");
    return refusalPage("unavailable");
  }
}

/** Link previews ask with HEAD: answer the link's state without taking a download. */
export async function HEAD(_request: NextRequest, { params }: Context): Promise<Response> {
  const { token } = await params;
  const { state } = await inspectShareLink(token);
  return new Response(null, { status: state === "active" ? 200 : refusalStatus(state), headers: { "cache-control": "no-store" } });
}
