"use client";

import { ErrorState } from "@/components/ui/states";

/** A failure reading outputs (PostgreSQL or S3 down) shows here, inside the console, with a retry. */
export default function OutputsError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorState title="The outputs could not be loaded" error={error} onRetry={reset} />;
}
