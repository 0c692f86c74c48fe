"use client";

import { SectionError } from "@/components/ui/route-states";

/** A failed server read in this section lands here, inside the console, naming the dependency that is down. */
export default function OverviewError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <SectionError section="The overview" error={error} reset={reset} />;
}
