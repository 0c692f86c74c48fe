import Link from "next/link";
import { breadcrumbs, filesHref } from "@/lib/files/paths";

/** Buckets / bucket / folder / … — each a link, the current folder marked for screen readers. */
export function FolderBreadcrumbs({ bucket, prefix }: { bucket: string; prefix: string }) {
  const crumbs = breadcrumbs(prefix);
  return (
    <nav aria-label="Breadcrumbs" className="flex min-w-0 flex-wrap items-center gap-1 text-sm">
      <Link href="/files" className="text-zinc-500 hover:underline">
        Buckets
      </Link>
      <span aria-hidden className="text-zinc-400">/</span>
      <Link href={filesHref(bucket)} className={crumbs.length === 0 ? "font-semibold" : "hover:underline"} aria-current={crumbs.length === 0 ? "page" : undefined}>
        {bucket}
      </Link>
      {crumbs.map((c, i) => (
        <span key={c.prefix} className="flex min-w-0 items-center gap-1">
          <span aria-hidden className="text-zinc-400">/</span>
          <Link
            href={filesHref(bucket, c.prefix)}
            className={`max-w-[16rem] truncate ${i === crumbs.length - 1 ? "font-semibold" : "hover:underline"}`}
            aria-current={i === crumbs.length - 1 ? "page" : undefined}
          >
            {c.label}
          </Link>
        </span>
      ))}
    </nav>
  );
}
