/**
 * Deep links for the file browser: `/files/<bucket>/<folder>/<folder>` with every segment URL-encoded, so
 * keys with spaces, unicode, %, +, # or ? survive reloads and sharing. Segments a URL cannot carry
 * faithfully (empty, "." and "..", which browsers normalise away) fall back to `?prefix=`.
 */

function representable(segment: string): boolean {
  return segment !== "" && segment !== "." && segment !== "..";
}

/** Segments of a folder prefix ("a/b/" → ["a", "b"]); the root is "". */
function segmentsOf(prefix: string): string[] {
  return prefix === "" ? [] : prefix.replace(/\/$/, "").split("/");
}

export function filesHref(bucket: string, prefix = "", query: Record<string, string | undefined> = {}): string {
  const segments = segmentsOf(prefix);
  const params = new URLSearchParams();
  let path = `/files/${encodeURIComponent(bucket)}`;
  if (segments.every(representable)) path += segments.map((s) => `/${encodeURIComponent(s)}`).join("");
  else params.set("prefix", prefix);
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== "") params.set(name, value);
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/**
 * A route segment as the URL carried it. Next 16 hands pages their dynamic segments still percent-encoded
 * (measured on 16.4, server render and client navigation alike), so each is decoded exactly once here;
 * null when the segment is not valid percent-encoding.
 */
export function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/** The folder prefix a route names: from the catch-all segments as the URL carried them, or the `prefix` fallback. */
export function prefixFromRoute(segments: string[] | undefined, prefixParam: string | undefined): string | null {
  if (prefixParam !== undefined && prefixParam !== "") return prefixParam.endsWith("/") ? prefixParam : `${prefixParam}/`;
  if (!segments || segments.length === 0) return "";
  const decoded = segments.map(decodeSegment);
  return decoded.every((s): s is string => s !== null) ? `${decoded.join("/")}/` : null;
}

/** Breadcrumbs from the bucket root down to `prefix`: each with its label and the prefix it opens. */
export function breadcrumbs(prefix: string): { label: string; prefix: string }[] {
  const crumbs: { label: string; prefix: string }[] = [];
  let path = "";
  for (const segment of segmentsOf(prefix)) {
    path += `${segment}/`;
    crumbs.push({ label: segment, prefix: path });
  }
  return crumbs;
}
