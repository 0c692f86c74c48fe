import { z } from "zod";

/**
 * How a Strata collection is named, and the names of what stands for it in the vector store: searches go
 * through the alias; each generation (one per re-index) is its own Qdrant collection, so a re-index builds
 * beside the one that answers and the alias moves in one step.
 */

export const collectionNameSchema = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$/, "use 3–63 lowercase letters, digits and dashes, starting and ending with a letter or digit")
  .meta({ description: "Lowercase letters, digits and dashes (3–63), e.g. `product-manuals`.", example: "product-manuals" });

export const aliasName = (name: string) => `strata-${name}`;

/** Named after the collection's immutable id, so renaming never touches the vector store. */
export const generationName = (collectionId: string, generation: number) => `strata-${collectionId}-g${generation}`;
