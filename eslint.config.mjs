import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // The browser must never bundle a module that talks to PostgreSQL, Redis, S3, the vector store or reads
    // secrets. \`import "server-only"\` cannot guard them (the worker and vitest load them outside Next), so the
    // rule does: components and the browser-side data layer may import their types, never their code.
    files: ["components/**/*.{ts,tsx}", "lib/**/queries.ts", "lib/**/keys.ts", "lib/http/api-fetch.ts", "lib/files/browser-upload.ts", "lib/files/part-uploader.ts", "lib/files/xhr-transport.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/lib/db/*", "@/lib/redis/*", "@/lib/s3/*", "@/lib/generated/*", "@/lib/config/env", "@/lib/log/*", "@/lib/audit/*", "@/lib/jobs/queue", "@/lib/search/vector-store", "@/lib/models/pool", "@/lib/embeddings/*"],
              allowTypeImports: true,
              message: "Server-only module: the browser may import its types (import type), not its code. Call the API through lib/<capability>/queries.ts instead.",
            },
          ],
        },
      ],
    },
  },
  globalIgnores([".next/**", ".next-subpath/**", "node_modules/**", ".data/**", "lib/generated/**", "next-env.d.ts", "vector-engine/bin/**", "test-results/**", "playwright-report/**"]),
]);
