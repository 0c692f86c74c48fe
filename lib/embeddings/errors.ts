import { HttpError } from "@/lib/http/errors";

/** The embedding service (or the built-in model) cannot answer now (503); a later retry may succeed. */
export const embeddingUnavailable = (message: string) => new HttpError("embedding_unavailable", message);

