import { z } from "zod";
import { outputTypes } from "./media";

/** The shapes of /api/v1/outputs, once: route handlers parse with them and the OpenAPI document is built from them. */

// A Keycloak subject is a UUID; services may register other ids. Either way it becomes the first segment of
// an S3 key, so no "/", no dot-only names and nothing that needs escaping.
export const userIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$/, "A userId is 1 to 128 letters, digits, '.', '_', '@' or '-', starting with a letter or digit (a Keycloak `sub`).")
  .meta({ description: "The owner's Keycloak subject (`sub`)." });

export const outputIdSchema = z.uuid("An output id is a UUID.").meta({ description: "The output's id." });

const CONTROL = /[\u0000-\u001f\u007f]/;

export const filenameSchema = z
  .string()
  .trim()
  .min(1, "The filename is empty.")
  .max(255, "A filename has at most 255 characters.")
  .refine((v) => !CONTROL.test(v), "The filename contains a control character.")
  .refine((v) => !/[/\\]/.test(v), "A filename has no / or \\ (it is a name, not a path).")
  .meta({ description: "The name people see and download it under." });

export const outputTypeSchema = z.enum(outputTypes).meta({ description: "What the output is." });

export const createOutputInputSchema = z
  .strictObject({
    userId: userIdSchema,
    type: outputTypeSchema,
    filename: filenameSchema,
    contentType: z.string().trim().min(3).max(100).meta({ description: "image/png, image/jpeg, image/webp, image/gif, image/avif; audio/wav, audio/mpeg, audio/ogg, audio/flac, audio/webm, audio/mp4." }),
    size: z.int("The size is a whole number of bytes.").min(1, "An output has at least 1 byte.").meta({ description: "Exact length in bytes; the upload URL accepts only this length." }),
  })
  .meta({ id: "OutputInput" });

export const tierSchema = z.enum(["hot", "cold", "both", "pending"]).meta({ description: "Where the bytes are: hot (SSD bucket), cold (HDD bucket), both, or pending (upload not seen yet)." });

export const outputSchema = z
  .object({
    id: z.uuid(),
    userId: z.string(),
    filename: z.string(),
    type: outputTypeSchema,
    contentType: z.string(),
    size: z.number(),
    key: z.string().meta({ description: "The key in both buckets: <userId>/<yyyy>/<mm>/<dd>/<id>.<ext>." }),
    tier: tierSchema,
    onHot: z.boolean(),
    onCold: z.boolean(),
    accessCount: z.number(),
    createdAt: z.string(),
    lastAccessAt: z.string().nullable(),
  })
  .meta({ id: "Output" });

export const createOutputResponseSchema = z
  .object({
    id: z.uuid(),
    output: outputSchema,
    upload: z.object({
      method: z.literal("PUT"),
      url: z.string().meta({ description: "Presigned PUT into the hot bucket; send exactly these headers." }),
      headers: z.record(z.string(), z.string()),
      expiresAt: z.string(),
    }),
  })
  .meta({ id: "OutputCreated" });

const dateSchema = z.iso.date("A date is YYYY-MM-DD.");

export const listQuerySchema = z.strictObject({
  userId: userIdSchema.optional().meta({ description: "Whose outputs; required unless the caller is a person (then their own) or an admin (everyone's)." }),
  type: outputTypeSchema.optional(),
  from: dateSchema.optional().meta({ description: "Created on or after this UTC day." }),
  to: dateSchema.optional().meta({ description: "Created on or before this UTC day." }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional().meta({ description: "From the previous page's nextCursor." }),
});

export const outputPageSchema = z
  .object({ outputs: z.array(outputSchema), nextCursor: z.string().nullable() })
  .meta({ id: "OutputPage" });

export const idParamsSchema = z.strictObject({ id: outputIdSchema });

export const downloadQuerySchema = z.strictObject({
  disposition: z.enum(["attachment", "inline"]).default("attachment").meta({ description: "attachment downloads under the filename; inline lets a browser show it." }),
});

export const deleteUserQuerySchema = z.strictObject({ userId: userIdSchema });

export const deleteResponseSchema = z
  .object({ deleted: z.number().meta({ description: "Outputs removed from every tier and the registry." }) })
  .meta({ id: "OutputsDeleted" });

export type CreateOutputInput = z.output<typeof createOutputInputSchema>;
export type Output = z.output<typeof outputSchema>;
export type OutputPage = z.output<typeof outputPageSchema>;
export type ListQuery = z.output<typeof listQuerySchema>;
export type Tier = z.output<typeof tierSchema>;
