import type { OpenedShareLink } from "@/lib/files/share-links";

const escapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escape = (text: string) => text.replace(/[&<>"']/g, (c) => escapes[c]!);

type Refusal = Exclude<OpenedShareLink, { outcome: "redirect" }>["outcome"] | "unavailable";

const pages: Record<Refusal, { status: number; title: string; body: (file: string) => string }> = {
  unknown: {
    status: 404,
    title: "This link does not exist",
    body: () => "Check that you copied the whole link. If it is right, it was never a Strata share link.",
  },
  revoked: {
    status: 410,
    title: "This link was revoked",
    body: (file) => `The person who shared ${file} has withdrawn this link. Ask them for a new one if you still need the file.`,
  },
  expired: {
    status: 410,
    title: "This link has expired",
    body: (file) => `The link to ${file} is past its expiry date. Ask the person who shared it for a new one.`,
  },
  exhausted: {
    status: 410,
    title: "This link has been used up",
    body: (file) => `The link to ${file} allowed a limited number of downloads, and they have all been taken.`,
  },
  missing_object: {
    status: 410,
    title: "The shared file is gone",
    body: (file) => `${file} was deleted or moved after this link was made.`,
  },
  unavailable: {
    status: 503,
    title: "The file cannot be fetched right now",
    body: () => "The storage behind this link is not answering. Try again in a few minutes.",
  },
};

export function refusalStatus(outcome: Refusal): number {
  return pages[outcome].status;
}

function shell(status: number, title: string, content: string): Response {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escape(title)} · Strata</title>
<style>
body{margin:0;min-height:100vh;display:grid;place-items:center;font-family:ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;background:#fafafa;color:#18181b}
main{max-width:28rem;padding:2rem;text-align:center}
.code{font-size:.8rem;font-weight:600;color:#71717a;letter-spacing:.02em}
h1{font-size:1.4rem;margin:.5rem 0;overflow-wrap:anywhere}
p{color:#52525b;line-height:1.5}
button{font:inherit;font-weight:600;padding:.6rem 1.4rem;border:0;border-radius:.4rem;background:#18181b;color:#fafafa;cursor:pointer}
@media (prefers-color-scheme:dark){body{background:#09090b;color:#f4f4f5}p{color:#a1a1aa}button{background:#f4f4f5;color:#18181b}}
</style></head>
<body><main>${content}</main></body></html>`;
  return new Response(html, {
    status,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "referrer-policy": "no-referrer" },
  });
}

/**
 * The readable answer for a link that cannot be served: a small self-contained HTML page (no app shell,
 * no script, no external assets) with the HTTP status that says why.
 */
export function refusalPage(outcome: Refusal, filename?: string): Response {
  const page = pages[outcome];
  const file = filename ? `<strong>${escape(filename)}</strong>` : "the file";
  return shell(page.status, page.title, `<p class="code">${page.status} · Strata share link</p><h1>${escape(page.title)}</h1><p>${page.body(file)}</p>`);
}

/**
 * The landing page of an active link: the file's name and a Download button (a form POST to the same URL,
 * no script). Only that POST counts a download; opening the page, as link previewers do, counts nothing.
 */
export function downloadPage(link: { filename: string; expiresAt: Date; remaining: number | null }): Response {
  const left = link.remaining === null ? "" : ` ${link.remaining} download${link.remaining === 1 ? "" : "s"} left.`;
  return shell(
    200,
    link.filename,
    `<p class="code">Strata share link</p><h1>${escape(link.filename)}</h1>
<p>Shared with you until ${escape(link.expiresAt.toUTCString())}.${left}</p>
<form method="post"><button type="submit">Download</button></form>`,
  );
}
