import { buttonClasses } from "@/components/ui/button";
import { env } from "@/lib/config/env";

export const metadata = { title: "Signed out" };
export const dynamic = "force-dynamic";

export default function SignedOut() {
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col items-center justify-center gap-4 px-6 text-center">
      <span aria-hidden className="grid h-10 w-10 place-items-center rounded-lg bg-accent-600 font-semibold text-white">S</span>
      <h1 className="text-2xl font-semibold">You are signed out</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">Your Strata session and your Keycloak session have ended.</p>
      <a href={`${env().BASE_PATH}/auth/signin`} className={buttonClasses("primary")}>
        Sign in again
      </a>
    </main>
  );
}
