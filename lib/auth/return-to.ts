/**
 * Where to send someone after sign-in. Only same-site paths are accepted, so a crafted sign-in link cannot
 * bounce a freshly signed-in user to another site (an open redirect).
 */
export function safeReturnTo(value: string | null | undefined): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/";
  if (value.startsWith("/auth/")) return "/";
  return value;
}
