import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";

export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-lg flex-col items-center justify-center gap-3 px-6 text-center">
      <p className="text-sm font-semibold text-zinc-500">404 — Not found</p>
      <h1 className="text-2xl font-semibold">There is nothing at this address</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">The link may be mistyped, or what it pointed to was moved or deleted.</p>
      <Link href="/" className={buttonClasses("secondary")}>
        Back to the overview
      </Link>
    </main>
  );
}
