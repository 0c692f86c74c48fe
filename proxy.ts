import type { NextRequest } from "next/server";
import { refuseForeignRequest } from "@/lib/auth/request-checks";
import { sessionGate } from "@/lib/auth/gate";

/** Every request: first the checks that need no session (path, origin, body type), then the session gate. */
export async function proxy(request: NextRequest) {
  return (await refuseForeignRequest(request)) ?? sessionGate(request);
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg).*)"],
};
