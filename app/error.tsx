"use client";

import { SectionError, type SectionErrorProps } from "@/components/ui/route-states";

/** A failure above every section (the console layout's own reads) lands here rather than on Next's default page. */
export default function RootError(props: SectionErrorProps) {
  return (
    <main className="mx-auto max-w-2xl px-6 py-12">
      <SectionError section="Strata" {...props} />
    </main>
  );
}
