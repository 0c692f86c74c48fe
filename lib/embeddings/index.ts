// LOCAL STUB (not committed): the agreed interface until the embed helper lands lib/embeddings.
export type EmbeddingModelRef = { provider: "builtin" | "openai" | "ollama"; model: string };
export interface EmbeddingProvider { readonly ref: EmbeddingModelRef; dimensions(): Promise<number>; embed(texts: string[]): Promise<number[][]> }
export declare function embeddingProvider(ref: EmbeddingModelRef): EmbeddingProvider;
