/**
 * The security headers every response of the console carries (set in proxy.ts):
 *  - Content-Security-Policy with a fresh nonce per request: Next.js puts the nonce on its own scripts
 *    (it reads it from the request's CSP header), `strict-dynamic` lets those load their chunks, and no
 *    inline script without the nonce runs (no `unsafe-inline` for scripts). Styles may be inline (React
 *    style attributes, the share pages' <style>), which cannot run code.
 *  - frame-ancestors 'none' (no clickjacking), object-src 'none', base-uri 'self', form-action limited to
 *    the console, Keycloak (sign-out redirects there) and the object store (share-link downloads).
 *  - connect/img/frame sources allow the object store, where presigned uploads, previews and downloads go.
 *  - HSTS when the console is served over https; a Permissions-Policy denying powerful features.
 */

export type SecurityHeaderConfig = {
  appUrl: string;
  /** Origins browsers reach the object stores (every tier) and Keycloak at. */
  storeOrigins: string[];
  keycloakOrigin: string;
  development: boolean;
};

/** Every S3 endpoint the configuration names (`S3_ENDPOINT`, `S3_PUBLIC_ENDPOINT`, per-tier ones), as origins. */
export function storeOriginsOf(env: Record<string, unknown>): string[] {
  return Object.entries(env)
    .filter(([key, value]) => /^S3_[A-Z_]*ENDPOINT$/.test(key) && typeof value === "string")
    .map(([, value]) => new URL(value as string).origin);
}

export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString("base64");
}

export function contentSecurityPolicy(nonce: string, config: SecurityHeaderConfig): string {
  const https = config.appUrl.startsWith("https://");
  const store = [...new Set(config.storeOrigins)].join(" ");
  const directives = [
    "default-src 'self'",
    // React's development build evaluates code for its error overlay; production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${config.development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob: ${store}`,
    `media-src 'self' blob: ${store}`,
    "font-src 'self' data:",
    `connect-src 'self' ${store}${config.development ? " ws: wss:" : ""}`,
    `frame-src ${store}`,
    "object-src 'none'",
    "base-uri 'self'",
    `form-action 'self' ${config.keycloakOrigin} ${store}`,
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

export const PERMISSIONS_POLICY =
  "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), midi=(), magnetometer=(), gyroscope=(), accelerometer=(), display-capture=()";

export function securityHeaders(nonce: string, config: SecurityHeaderConfig): Record<string, string> {
  return {
    "content-security-policy": contentSecurityPolicy(nonce, config),
    "permissions-policy": PERMISSIONS_POLICY,
    "cross-origin-opener-policy": "same-origin",
    ...(config.appUrl.startsWith("https://") ? { "strict-transport-security": "max-age=31536000; includeSubDomains" } : {}),
  };
}
