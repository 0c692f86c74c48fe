import Form from "next/form";
import Link from "next/link";
import { buttonClasses } from "./button";

/**
 * A filter form whose values live in the address bar: a plain GET to `action` (next/form navigates on the
 * client), so a filtered view can be bookmarked and shared, and the server page reads the same query
 * string. No hooks: server pages render it. `false` leaves out a field a role does not see.
 */

export type FilterField =
  | { kind: "text"; name: string; label: string; value?: string | null; placeholder?: string; className?: string }
  | { kind: "date"; name: string; label: string; value?: string | null }
  | { kind: "select"; name: string; label: string; value?: string | null; options: readonly { value: string; label: string }[] };

export const filterFieldClass = "h-9 rounded-md border border-zinc-300 bg-white px-2.5 text-sm dark:border-zinc-700 dark:bg-zinc-900";

function Control({ field }: { field: FilterField }) {
  const value = field.value ?? "";
  if (field.kind === "select") {
    return (
      <select name={field.name} defaultValue={value} className={filterFieldClass}>
        {field.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    );
  }
  if (field.kind === "date") return <input type="date" name={field.name} defaultValue={value} className={filterFieldClass} />;
  return <input name={field.name} defaultValue={value} placeholder={field.placeholder} className={`${filterFieldClass} ${field.className ?? ""}`.trim()} />;
}

export function FilterForm({
  action,
  label,
  fields,
  hidden = {},
  submitLabel = "Filter",
  clearHref,
  className = "mb-4",
}: {
  /** The page's own path (the base path is added by next/form). */
  action: string;
  /** The form's accessible name, e.g. "Filter outputs". */
  label: string;
  fields: readonly (FilterField | false)[];
  /** Kept across a new filter (a sort order, say); undefined values are left out. */
  hidden?: Record<string, string | undefined>;
  submitLabel?: string;
  /** "Clear" goes here (usually `action`); no link when absent. */
  clearHref?: string;
  className?: string;
}) {
  return (
    <Form action={action} className={`${className} flex flex-wrap items-end gap-3`} aria-label={label}>
      {fields.map((field) =>
        field ? (
          <label key={field.name} className="flex flex-col gap-1 text-xs text-zinc-500">
            {field.label}
            <Control field={field} />
          </label>
        ) : null,
      )}
      {Object.entries(hidden).map(([name, value]) => (value === undefined ? null : <input key={name} type="hidden" name={name} value={value} />))}
      <button type="submit" className={buttonClasses("primary")}>
        {submitLabel}
      </button>
      {clearHref ? (
        <Link href={clearHref} className={buttonClasses("ghost")}>
          Clear
        </Link>
      ) : null}
    </Form>
  );
}
