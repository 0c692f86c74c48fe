import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";

export default function Forbidden() {
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-lg flex-col items-center justify-center gap-3 px-6 text-center">
      <p className="text-sm font-semibold text-red-600">403 — Forbidden</p>
      <h1 className="text-2xl font-semibold">You don’t have access to this page</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Your account is signed in but lacks the role this page needs. Ask a Strata administrator to grant it in Keycloak, then sign in again.
      </p>
      <Link href="/" className={buttonClasses("secondary")}>
        Back to the overview
      </Link>
    </main>
  );
}
