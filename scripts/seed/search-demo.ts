import { PutObjectCommand } from "@aws-sdk/client-s3";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Caller } from "../../lib/auth/caller";
import { env } from "../../lib/config/env";
import { ensureDefaultBuckets } from "../../lib/files/buckets";
import { s3 } from "../../lib/s3/client";
import { findCollection } from "../../lib/search/collections";
import { createCollection, syncCollection } from "../../lib/search/service";

/**
 * The demo search collection `./strata up` leaves behind, so a newcomer can search at once: real documents
 * (Strata's own README and docs, and the licence texts Debian ships in /usr/share/common-licenses) put into
 * s3://rag-documents/demo/, and a collection `demo` over that prefix with the built-in model. Safe to run any
 * number of times (`npx tsx scripts/seed/search-demo.ts`): unchanged files keep their ETag, so the sync it
 * queues indexes only what changed.
 */

const BUCKET = "rag-documents";
const PREFIX = "demo/";
const COLLECTION = "demo";
const root = path.resolve(import.meta.dirname, "../..");
const seeder: Caller = { actor: { id: "system:search-demo-seed", username: "search-demo-seed", name: "Search demo seed", roles: ["editor"], kind: "service" } };

function demoFiles(): Array<{ key: string; file: string; type: string }> {
  const files = [{ key: `${PREFIX}strata/README.md`, file: path.join(root, "README.md"), type: "text/markdown" }];
  for (const name of readdirSync(path.join(root, "docs")).filter((n) => n.endsWith(".md"))) {
    files.push({ key: `${PREFIX}strata/docs/${name}`, file: path.join(root, "docs", name), type: "text/markdown" });
  }
  for (const name of ["Apache-2.0", "GPL-3", "MPL-2.0", "BSD", "CC0-1.0", "LGPL-2.1"]) {
    const file = `/usr/share/common-licenses/${name}`;
    if (existsSync(file)) files.push({ key: `${PREFIX}licenses/${name}.txt`, file, type: "text/plain" });
  }
  return files;
}

env();
try {
  await ensureDefaultBuckets([BUCKET]);
  const files = demoFiles();
  for (const f of files) {
    await s3().send(new PutObjectCommand({ Bucket: BUCKET, Key: f.key, Body: readFileSync(f.file), ContentType: f.type }));
  }
  const source = { bucket: BUCKET, prefix: PREFIX, include: [], exclude: [] };
  if (await findCollection(COLLECTION)) {
    const { operation, existing } = await syncCollection(seeder, COLLECTION);
    console.log(`search demo: ${files.length} files in s3://${BUCKET}/${PREFIX}; sync ${existing ? "already queued" : "queued"} (operation ${operation.id})`);
  } else {
    await createCollection(
      seeder,
      {
        name: COLLECTION,
        description: "Strata's own documentation and common licence texts, to try search on.",
        sources: [source],
        model: { provider: "builtin", model: "all-MiniLM-L6-v2" },
        chunking: { strategy: "markdown", size: 180, overlap: 30 },
        schedule: null,
      },
      "manual",
    );
    console.log(`search demo: ${files.length} files in s3://${BUCKET}/${PREFIX}; collection "${COLLECTION}" created, first sync queued`);
  }
  process.exit(0);
} catch (error) {
  console.error(`could not seed the search demo: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
