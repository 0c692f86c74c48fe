import type { NextRequest } from "next/server";
import { sessionGate } from "@/lib/auth/gate";

export function proxy(request: NextRequest) {
  return sessionGate(request);
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg).*)"],
};
