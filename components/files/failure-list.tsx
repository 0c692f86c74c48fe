import type { ReactNode } from "react";

/** Items a bulk action could not do, each with the store's reason; the first few, then how many more. */
export function FailureList({ failures, shown = 10 }: { failures: { id: string; label: ReactNode; reason: string }[]; shown?: number }) {
  if (failures.length === 0) return null;
  return (
    <ul className="mt-1 list-disc pl-5">
      {failures.slice(0, shown).map((f) => (
        <li key={f.id}>
          <code>{f.label}</code>: {f.reason}
        </li>
      ))}
      {failures.length > shown ? <li>and {failures.length - shown} more</li> : null}
    </ul>
  );
}
