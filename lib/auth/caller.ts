import { originFromHeaders, type RequestOrigin } from "@/lib/http/origin";
import type { Principal } from "./roles";

/**
 * Who is asking and from where. Every authorised operation in `lib/` takes one, checks it (`authorize`,
 * `mutate` in ./mutate) and audits under it; entry points only build it: route handlers get it from their
 * guard (`withSessionRole`/`withBearerRole`), server actions from `actionCaller()`.
 */
export type Caller = { actor: Principal; origin?: RequestOrigin };

/** The caller of a route handler: the authenticated principal and where the request came from. */
export function callerOf(actor: Principal, request: Request): Caller {
  return { actor, origin: originFromHeaders(request.headers) };
}
