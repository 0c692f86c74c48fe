import type { NextConfig } from "next";

// The base path is fixed when the app is built (Next.js bakes it into every link and asset URL), so an
// ingress sub-path like /strata is chosen with BASE_PATH at build time and must match at run time.
const basePath = process.env.BASE_PATH ?? "";

const nextConfig: NextConfig = {
  basePath,
  // A second build (e.g. the sub-path check in scripts/test-all.sh) goes to its own folder.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  // Client code prefixes its fetches with this (see lib/http/api-fetch.ts); Link and router do it themselves.
  env: { NEXT_PUBLIC_BASE_PATH: basePath },
  poweredByHeader: false,
  // Next.js's trailing-slash redirect ran before proxy.ts, so a path whose `%2e%2e` URL parsing had removed
  // (`PUT /api/v1/contexts/u/%2e%2e` → `/api/v1/contexts/`) got a 308 instead of the proxy's 400; the proxy
  // checks the raw path first and then redirects trailing slashes itself (proxy.ts, lib/http/raw-path.ts).
  skipTrailingSlashRedirect: true,
  reactStrictMode: true,
  serverExternalPackages: ["pino", "pg", "ioredis", "bullmq", "onnxruntime-node"],
  experimental: {
    authInterrupts: true,
    serverActions: { bodySizeLimit: "1mb" },
  },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "X-Frame-Options", value: "DENY" },
        ],
      },
    ];
  },
};

export default nextConfig;
