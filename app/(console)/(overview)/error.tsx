"use client";

import { SectionError, type SectionErrorProps } from "@/components/ui/route-states";

/** A failed server read on the overview lands here, inside the console, naming the dependency that is down. */
export default function OverviewError(props: SectionErrorProps) {
  return <SectionError section="The overview" {...props} />;
}
