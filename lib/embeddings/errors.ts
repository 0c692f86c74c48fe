import { HttpError } from "@/lib/http/errors";

/** The embedding service (or the built-in model) cannot answer now; a later retry may succeed. */
export const embeddingUnavailable = (message: string) => new HttpError(503, "embedding_unavailable", message);

/** The provider answers but has no such model: a setting to fix, not an outage. */
export const embeddingModelNotFound = (message: string) => new HttpError(400, "embedding_model_not_found", message);
