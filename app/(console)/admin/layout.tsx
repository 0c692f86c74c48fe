import type { ReactNode } from "react";
import { requirePageRole } from "@/lib/auth/guards";

/**
 * The admin pages need the admin role, checked here: above this segment's loading.tsx, so a refusal answers 403
 * (inside the page it would run after the loading boundary had streamed the shell with status 200; see
 * "Route states" in docs/architecture.md).
 */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requirePageRole("admin");
  return children;
}
