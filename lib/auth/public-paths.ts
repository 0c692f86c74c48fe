/**
 * Paths reachable without a console session. Everything else needs one — including pages added later,
 * because the gate lists what is open rather than what is closed.
 * `/api/v1` is absent from the session check because it authenticates bearer tokens in its handlers.
 */
const open: RegExp[] = [
  /^\/auth\//,
  /^\/signed-out$/,
  /^\/api\/health\/(live|ready)$/,
  /^\/api\/metrics$/,
  /^\/api\/v1(\/|$)/,
  /^\/d\//,
];

export function isPublicPath(pathname: string): boolean {
  return open.some((re) => re.test(pathname));
}
