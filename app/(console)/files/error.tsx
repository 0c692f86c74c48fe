"use client";

import { SectionError, type SectionErrorProps } from "@/components/ui/route-states";

/** A failed server read in this section lands here, inside the console, naming the dependency that is down. */
export default function FilesError(props: SectionErrorProps) {
  return <SectionError section="Files" {...props} />;
}
