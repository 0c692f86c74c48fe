"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** Overview and Evaluate of one collection. */
export function CollectionTabs({ name }: { name: string }) {
  const pathname = usePathname();
  const base = `/search/collections/${name}`;
  const tabs = [
    { href: base, label: "Overview" },
    { href: `${base}/evaluate`, label: "Evaluate" },
  ];
  return (
    <nav aria-label={`Collection ${name}`} className="mb-4 flex gap-1">
      {tabs.map((t) => {
        const active = pathname === t.href;
        return (
          <Link
            key={t.href}
            href={t.href}
            aria-current={active ? "page" : undefined}
            className={`rounded-md px-3 py-1.5 text-sm ${active ? "bg-zinc-200 font-medium dark:bg-zinc-800" : "text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800/60"}`}
          >
            {t.label}
          </Link>
        );
      })}
    </nav>
  );
}
