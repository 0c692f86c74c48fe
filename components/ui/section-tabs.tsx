"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** `prefix`: the tab is current on its path and every path below it (a list and its items). */
export type SectionTab = { href: string; label: string; match?: "exact" | "prefix" };

const variants = {
  /** Under a section's title. */
  underline: {
    nav: "mb-5 flex gap-1 border-b border-zinc-200 dark:border-zinc-800",
    tab: (active: boolean) =>
      `-mb-px border-b-2 px-3 py-2 text-sm ${
        active ? "border-accent-600 font-medium text-accent-700 dark:text-white" : "border-transparent text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
      }`,
  },
  /** Within a page, under its header (one collection's views). */
  pills: {
    nav: "mb-4 flex gap-1",
    tab: (active: boolean) =>
      `rounded-md px-3 py-1.5 text-sm ${active ? "bg-zinc-200 font-medium dark:bg-zinc-800" : "text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800/60"}`,
  },
};

/** Tabs that are links; the one for the current path is marked for screen readers (`aria-current`) and styled. */
export function SectionTabs({ label, tabs, variant = "underline" }: { label: string; tabs: SectionTab[]; variant?: keyof typeof variants }) {
  const pathname = usePathname();
  const style = variants[variant];
  return (
    <nav aria-label={label} className={style.nav}>
      {tabs.map((tab) => {
        const active = tab.match === "prefix" ? pathname.startsWith(tab.href) : pathname === tab.href;
        return (
          <Link key={tab.href} href={tab.href} aria-current={active ? "page" : undefined} className={style.tab(active)}>
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}
