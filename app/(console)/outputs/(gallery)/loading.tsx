import { PageHeader } from "@/components/ui/page-header";

/** The gallery's placeholder grid while the page reads; the role check sits above it, in outputs/layout.tsx. */
export default function OutputsLoading() {
  return (
    <div aria-busy="true" aria-label="Loading outputs">
      <PageHeader title="Generated outputs" />
      <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4 xl:grid-cols-6">
        {Array.from({ length: 12 }, (_, i) => (
          <li key={i} className="aspect-[3/4] animate-pulse rounded-lg bg-zinc-200/70 dark:bg-zinc-800" />
        ))}
      </ul>
    </div>
  );
}
