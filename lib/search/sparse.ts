// LOCAL STUB (not committed): the agreed interface until the embed helper lands lib/search/sparse.ts.
export declare function sparseVector(text: string): { indices: number[]; values: number[] };
export declare function tokenize(text: string): string[];
