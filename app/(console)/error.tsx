"use client";

import { SectionError, type SectionErrorProps } from "@/components/ui/route-states";

/**
 * A failed server read in a console page without an error.tsx of its own lands here (every section has one;
 * this is the net for a new one). Errors of the console layout itself go to app/error.tsx.
 */
export default function ConsoleError(props: SectionErrorProps) {
  return <SectionError section="This page" {...props} />;
}
