import { CronExpressionParser } from "cron-parser";
import picomatch from "picomatch";
import { z } from "zod";
import { defaultEmbeddingModel, embeddingModelRefSchema } from "@/lib/embeddings";
import { bucketNameProblem } from "@/lib/files/names";
import { chunkingSchema, defaultChunking } from "./chunk";
import { collectionNameSchema } from "./names";
import { defaultFusion } from "./qdrant-requests";

/**
 * What callers send to search and to manage collections, validated once here: the /api/v1 handlers, the
 * console's routes and server actions and the OpenAPI document all use these schemas.
 */

export const bucketSchema = z.string().superRefine((name, ctx) => {
  const problem = bucketNameProblem(name);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

const globSchema = z
  .string()
  .min(1)
  .max(200)
  .superRefine((glob, ctx) => {
    try {
      picomatch.makeRe(glob);
    } catch {
      ctx.addIssue({ code: "custom", message: `"${glob}" is not a valid glob` });
    }
  });

export const folderPrefixSchema = z
  .string()
  .max(1024)
  .refine((p) => p === "" || p.endsWith("/"), "a prefix is a folder: empty (the whole bucket) or ending with /")
  .refine((p) => !p.startsWith("/"), "a prefix does not start with /");

export const sourceSchema = z
  .object({
    bucket: bucketSchema,
    prefix: folderPrefixSchema.default(""),
    include: z.array(globSchema).max(20).default([]).meta({ description: "Globs on the key below the prefix (e.g. `**/*.md`); empty = every file." }),
    exclude: z.array(globSchema).max(20).default([]).meta({ description: "Globs on the key below the prefix that are left out." }),
  })
  .meta({ id: "CollectionSource" });

export type Source = z.output<typeof sourceSchema>;

export const modelRefSchema = embeddingModelRefSchema.meta({
  id: "EmbeddingModel",
  description: "`builtin` runs in Strata, offline (all-MiniLM-L6-v2); `openai` and `ollama` call the server configured by EMBEDDINGS_OPENAI_URL / EMBEDDINGS_OLLAMA_URL.",
});

const cronSchema = z
  .string()
  .trim()
  .max(100)
  .superRefine((cron, ctx) => {
    if (cron.split(/\s+/).length !== 5) {
      ctx.addIssue({ code: "custom", message: "use five cron fields (minute hour day month weekday), e.g. `0 3 * * *`" });
      return;
    }
    try {
      CronExpressionParser.parse(cron);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: `not a valid cron expression: ${error instanceof Error ? error.message : error}` });
    }
  });

export const createCollectionSchema = z
  .object({
    name: collectionNameSchema,
    description: z.string().trim().max(500).default(""),
    sources: z.array(sourceSchema).min(1, "a collection needs at least one source").max(10),
    model: modelRefSchema.default(defaultEmbeddingModel),
    chunking: chunkingSchema.default(defaultChunking),
    schedule: cronSchema.nullable().default(null).meta({ description: "Cron (5 fields) for automatic re-syncs; null = only on demand." }),
  })
  .meta({ id: "CreateCollection" });

export type CreateCollectionInput = z.output<typeof createCollectionSchema>;

export const updateCollectionSchema = z
  .object({
    description: z.string().trim().max(500),
    sources: z.array(sourceSchema).min(1).max(10),
    model: modelRefSchema,
    chunking: chunkingSchema,
    schedule: cronSchema.nullable(),
  })
  .partial()
  .meta({ id: "UpdateCollection" });

export type UpdateCollectionInput = z.output<typeof updateCollectionSchema>;

export const searchModeSchema = z.enum(["hybrid", "dense", "keyword"]);

const isoDate = z.iso.datetime({ offset: true }).or(z.iso.date()).transform((v) => new Date(v));

export const searchFilterSchema = z
  .object({
    buckets: z.array(bucketSchema).max(20).optional(),
    prefix: folderPrefixSchema.optional(),
    contentTypes: z.array(z.string().min(1).max(200)).max(20).optional(),
    modifiedAfter: isoDate.optional(),
    modifiedBefore: isoDate.optional(),
  })
  .meta({ id: "SearchFilter" });

export const searchRequestSchema = z
  .object({
    query: z.string().trim().min(1, "type something to search for").max(1000),
    collections: z.array(collectionNameSchema).min(1).max(20).optional().meta({ description: "Names; all collections when absent." }),
    mode: searchModeSchema.default("hybrid"),
    fusion: z.enum(["rrf", "dbsf"]).default(defaultFusion).meta({ description: "How hybrid fuses the dense and keyword lists: distribution-based score fusion (the default) or reciprocal rank fusion (Qdrant's `{fusion: \"rrf\"}`, k = 2)." }),
    limit: z.number().int().min(1).max(100).default(10).meta({ description: "Documents to return (each with its best chunk)." }),
    filter: searchFilterSchema.optional(),
  })
  .meta({ id: "SearchRequest" });

export type SearchRequest = z.output<typeof searchRequestSchema>;
