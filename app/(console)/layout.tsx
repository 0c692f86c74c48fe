import Link from "next/link";
import type { ReactNode } from "react";
import { navItems } from "@/components/shell/nav-items";
import { Sidebar } from "@/components/shell/sidebar";
import { ThemeToggle } from "@/components/shell/theme-toggle";
import { UserMenu } from "@/components/shell/user-menu";
import { requirePageRole } from "@/lib/auth/guards";
import { hasRole } from "@/lib/auth/roles";
import { env } from "@/lib/config/env";
import { getSetting } from "@/lib/settings/store";

/**
 * The console's shell. Every console page needs at least the viewer role; it is checked here, above every
 * section's loading.tsx, so a refusal is a real 403 (docs/architecture.md, "Route states").
 */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await requirePageRole("viewer");
  const items = navItems.filter((item) => hasRole(user, item.minRole));
  const banner = await getSetting("console.banner");
  return (
    <div className="flex min-h-screen">
      <aside className="sticky top-0 hidden h-screen w-56 shrink-0 overflow-y-auto border-r border-zinc-200 bg-white md:block dark:border-zinc-800 dark:bg-zinc-900">
        <Link href="/" className="flex h-14 items-center gap-2 border-b border-zinc-200 px-5 font-semibold tracking-tight dark:border-zinc-800">
          <span aria-hidden className="grid h-6 w-6 place-items-center rounded bg-accent-600 text-xs text-white">S</span>
          Strata
        </Link>
        <Sidebar items={items} />
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="sticky top-0 z-10 flex h-14 items-center justify-between gap-3 border-b border-zinc-200 bg-white/90 px-4 backdrop-blur md:px-6 dark:border-zinc-800 dark:bg-zinc-900/90">
          <details className="md:hidden">
            <summary className="cursor-pointer list-none rounded-md px-2 py-1 text-sm font-semibold">☰ Strata</summary>
            <div className="absolute left-0 mt-2 w-64 border border-zinc-200 bg-white shadow-lg dark:border-zinc-800 dark:bg-zinc-900">
              <Sidebar items={items} />
            </div>
          </details>
          <div className="hidden md:block" />
          <div className="flex items-center gap-2">
            <ThemeToggle />
            <UserMenu user={user} signOutAction={`${env().BASE_PATH}/auth/signout`} />
          </div>
        </header>
        {banner ? (
          <div role="note" data-testid="banner" className="border-b border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-900 md:px-6 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200">
            {banner}
          </div>
        ) : null}
        <main className="mx-auto w-full max-w-7xl flex-1 px-4 py-6 md:px-6">{children}</main>
      </div>
    </div>
  );
}
