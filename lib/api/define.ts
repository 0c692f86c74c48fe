import type { z } from "zod";
import type { ApiOperation, ApiResponse, HttpMethod } from "./operation";

/**
 * The builder every `lib/<capability>/api-operations.ts` uses, so an operation says only what is its own
 * (summary, schemas, specific responses) and the shared parts are written once: the tag, bearer auth, the
 * 404 of an operation on one resource (`byId`) and the "one page" answer of a list (`list`). It returns plain
 * `ApiOperation` objects with their exact schema types (handlers call `op.params.parse`, `readQuery(url,
 * op.query)`, `readJsonBody(request, op.body)`), and like `./operation.ts` it imports nothing at run time.
 *
 *     const api = operationGroup("outputs");
 *     const output = api.byId({ params: idParamsSchema, notFound: "No output with this id." });
 *     export const getOutput = output.get("getOutput", "/outputs/{id}", { summary: "…", responses: { 200: … } });
 *     export const listOutputs = api.list("listOutputs", "/outputs", { summary: "…", query: listQuerySchema, page: outputPageSchema });
 *
 * Standard errors (400/401/403/413/500) are still added by the document builder (`./openapi.ts`).
 */

/** What an operation says besides its id, method, path and tag. `auth` defaults to "bearer". */
export type OperationSpec = {
  summary: string;
  description?: string;
  auth?: ApiOperation["auth"];
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: ApiOperation["body"];
  responses: Record<number, ApiResponse>;
};

type Built<M extends HttpMethod, S> = Omit<S, "auth"> & { id: string; method: M; path: string; tag: string; auth: ApiOperation["auth"] };

/** A list: GET, 200 with `page` (described "One page." unless `pageDescription` says otherwise). */
export type ListSpec = Omit<OperationSpec, "body" | "responses"> & {
  page: z.ZodType;
  pageDescription?: string;
  /** Other statuses than 200. */
  responses?: Record<number, ApiResponse>;
};

type BuiltList<S extends ListSpec> = Omit<S, "auth" | "page" | "pageDescription" | "responses"> & {
  id: string;
  method: "get";
  path: string;
  tag: string;
  auth: ApiOperation["auth"];
  responses: Record<number, ApiResponse>;
};

/** An operation on one resource named by its path: the params and the 404 come from `byId`. */
type ByIdSpec = Omit<OperationSpec, "params">;
type BuiltById<M extends HttpMethod, P extends z.ZodObject, S> = Built<M, S> & { params: P };

/** `{bucket}` and `{id}` in `/files/buckets/{bucket}/uploads/{id}`. */
function pathParameters(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
}

function build<M extends HttpMethod, S extends OperationSpec>(tag: string, method: M, id: string, path: string, spec: S): Built<M, S> {
  const inPath = pathParameters(path).sort();
  const inSchema = Object.keys(spec.params?.shape ?? {}).sort();
  if (inPath.join() !== inSchema.join()) {
    throw new Error(`API operation ${id}: the path ${path} names {${inPath.join("}, {")}} but its params schema has ${inSchema.join(", ") || "none"}`);
  }
  const { auth = "bearer", ...rest } = spec;
  return { ...rest, id, method, path, tag, auth } as Built<M, S>;
}

export function operationGroup(tag: string) {
  const verb =
    <M extends HttpMethod>(method: M) =>
    <const S extends OperationSpec>(id: string, path: string, spec: S) =>
      build(tag, method, id, path, spec);

  return {
    get: verb("get"),
    put: verb("put"),
    post: verb("post"),
    patch: verb("patch"),
    delete: verb("delete"),

    list<const S extends ListSpec>(id: string, path: string, spec: S): BuiltList<S> {
      const { page, pageDescription = "One page.", responses, ...rest } = spec;
      return build(tag, "get", id, path, { ...rest, responses: { 200: { description: pageDescription, schema: page }, ...responses } }) as unknown as BuiltList<S>;
    },

    /**
     * Operations on one resource: each gets `params` and answers `notFound` as its 404 (an operation that
     * creates the resource, like a PUT that registers, is declared with the plain verbs instead).
     */
    byId<P extends z.ZodObject>(resource: { params: P; notFound: string }) {
      const byIdVerb =
        <M extends HttpMethod>(method: M) =>
        <const S extends ByIdSpec>(id: string, path: string, spec: S): BuiltById<M, P, S> =>
          build(tag, method, id, path, {
            ...spec,
            params: resource.params,
            responses: { 404: { description: resource.notFound }, ...spec.responses },
          }) as unknown as BuiltById<M, P, S>;
      return { get: byIdVerb("get"), put: byIdVerb("put"), post: byIdVerb("post"), patch: byIdVerb("patch"), delete: byIdVerb("delete") };
    },
  };
}
