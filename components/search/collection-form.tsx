"use client";

import { useRouter } from "next/navigation";
import { useState, useSyncExternalStore, useTransition, type FormEvent } from "react";
import { createCollectionAction, updateCollectionAction } from "@/app/(console)/search/actions";
import { Button } from "@/components/ui/button";
import { Field, inputClasses } from "@/components/ui/dialog";

/**
 * Create or edit a collection. The server validates everything again (lib/search/schemas.ts) and answers
 * field by field; changing the model or the chunking of an existing collection starts a re-index.
 */

export type CollectionFormValues = {
  name: string;
  description: string;
  sources: Array<{ bucket: string; prefix: string; include: string; exclude: string }>;
  provider: "builtin" | "openai" | "ollama";
  model: string;
  strategy: "markdown" | "paragraph" | "fixed";
  size: number;
  overlap: number;
  schedule: string;
};

const splitGlobs = (s: string) =>
  s
    .split(",")
    .map((g) => g.trim())
    .filter(Boolean);

function toInput(v: CollectionFormValues) {
  return {
    description: v.description,
    sources: v.sources.map((s) => ({ bucket: s.bucket.trim(), prefix: s.prefix.trim(), include: splitGlobs(s.include), exclude: splitGlobs(s.exclude) })),
    model: { provider: v.provider, model: v.model.trim() },
    chunking: { strategy: v.strategy, size: v.size, overlap: v.overlap },
    schedule: v.schedule.trim() || null,
  };
}

const noSubscription = () => () => undefined;

export function CollectionForm({ initial, buckets, mode }: { initial: CollectionFormValues; buckets: string[]; mode: "create" | "edit" }) {
  const router = useRouter();
  const [values, setValues] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [pending, startTransition] = useTransition();
  // False in the server's HTML, true once hydrated: the submit button waits for it, so nothing typed
  // before the form is live is lost or sent half-filled.
  const hydrated = useSyncExternalStore(noSubscription, () => true, () => false);
  const set = <K extends keyof CollectionFormValues>(name: K, value: CollectionFormValues[K]) => setValues((v) => ({ ...v, [name]: value }));
  const setSource = (i: number, patch: Partial<CollectionFormValues["sources"][number]>) =>
    setValues((v) => ({ ...v, sources: v.sources.map((s, j) => (j === i ? { ...s, ...patch } : s)) }));

  function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setFieldErrors({});
    startTransition(async () => {
      const result = mode === "create" ? await createCollectionAction({ name: values.name.trim(), ...toInput(values) }) : await updateCollectionAction(initial.name, toInput(values));
      if (!result.ok) {
        setError(result.error.message);
        const details = Array.isArray(result.error.details) ? (result.error.details as Array<{ path: string; message: string }>) : [];
        setFieldErrors(Object.fromEntries(details.map((d) => [d.path, d.message])));
        return;
      }
      router.push(`/search/collections/${mode === "create" ? values.name.trim() : initial.name}`);
      router.refresh();
    });
  }

  const err = (path: string) => fieldErrors[path] ?? null;
  const changesVectors =
    mode === "edit" &&
    (values.provider !== initial.provider || values.model !== initial.model || values.strategy !== initial.strategy || values.size !== initial.size || values.overlap !== initial.overlap);

  return (
    <form onSubmit={submit} className="max-w-3xl space-y-5" aria-label={mode === "create" ? "New collection" : "Edit collection"}>
      {error ? (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
          {error}
        </p>
      ) : null}
      {mode === "create" ? (
        <Field id="name" label="Name" hint="Lowercase letters, digits and dashes; services use it in /api/v1." error={err("name")}>
          <input id="name" value={values.name} onChange={(e) => set("name", e.target.value)} className={inputClasses} required placeholder="product-manuals" />
        </Field>
      ) : null}
      <Field id="description" label="Description" error={err("description")}>
        <input id="description" value={values.description} onChange={(e) => set("description", e.target.value)} className={inputClasses} />
      </Field>

      <fieldset className="space-y-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
        <legend className="px-1 text-sm font-medium">Sources</legend>
        {values.sources.map((s, i) => (
          <div key={i} className="grid gap-3 md:grid-cols-2">
            <Field id={`bucket-${i}`} label="Bucket" error={err(`sources.${i}.bucket`)}>
              <input id={`bucket-${i}`} list="buckets" value={s.bucket} onChange={(e) => setSource(i, { bucket: e.target.value })} className={inputClasses} required />
            </Field>
            <Field id={`prefix-${i}`} label="Folder (prefix)" hint="Empty for the whole bucket; otherwise ends with /" error={err(`sources.${i}.prefix`)}>
              <input id={`prefix-${i}`} value={s.prefix} onChange={(e) => setSource(i, { prefix: e.target.value })} className={inputClasses} placeholder="manuals/" />
            </Field>
            <Field id={`include-${i}`} label="Only files matching" hint="Globs, comma-separated, e.g. **/*.md, **/*.pdf" error={err(`sources.${i}.include`)}>
              <input id={`include-${i}`} value={s.include} onChange={(e) => setSource(i, { include: e.target.value })} className={inputClasses} />
            </Field>
            <Field id={`exclude-${i}`} label="Leave out files matching" error={err(`sources.${i}.exclude`)}>
              <input id={`exclude-${i}`} value={s.exclude} onChange={(e) => setSource(i, { exclude: e.target.value })} className={inputClasses} placeholder="drafts/**" />
            </Field>
            {values.sources.length > 1 ? (
              <div className="md:col-span-2">
                <Button size="sm" variant="ghost" onClick={() => setValues((v) => ({ ...v, sources: v.sources.filter((_, j) => j !== i) }))}>
                  Remove this source
                </Button>
              </div>
            ) : null}
          </div>
        ))}
        <datalist id="buckets">
          {buckets.map((b) => (
            <option key={b} value={b} />
          ))}
        </datalist>
        <Button size="sm" onClick={() => setValues((v) => ({ ...v, sources: [...v.sources, { bucket: "", prefix: "", include: "", exclude: "" }] }))}>
          Add a source
        </Button>
      </fieldset>

      <fieldset className="grid gap-3 rounded-lg border border-zinc-200 p-4 md:grid-cols-2 dark:border-zinc-800">
        <legend className="px-1 text-sm font-medium">Embedding model</legend>
        <Field id="provider" label="Provider" error={err("model.provider")}>
          <select
            id="provider"
            value={values.provider}
            onChange={(e) => {
              const provider = e.target.value as CollectionFormValues["provider"];
              setValues((v) => ({ ...v, provider, model: provider === "builtin" ? "all-MiniLM-L6-v2" : v.model === "all-MiniLM-L6-v2" ? "" : v.model }));
            }}
            className={inputClasses}
          >
            <option value="builtin">Built-in, offline (all-MiniLM-L6-v2)</option>
            <option value="openai">OpenAI-compatible server (vLLM, TEI, LocalAI…)</option>
            <option value="ollama">Ollama</option>
          </select>
        </Field>
        <Field id="model" label="Model" error={err("model.model")}>
          <input id="model" value={values.model} disabled={values.provider === "builtin"} onChange={(e) => set("model", e.target.value)} className={inputClasses} required />
        </Field>
      </fieldset>

      <fieldset className="grid gap-3 rounded-lg border border-zinc-200 p-4 md:grid-cols-3 dark:border-zinc-800">
        <legend className="px-1 text-sm font-medium">Chunking</legend>
        <Field id="strategy" label="Strategy" error={err("chunking.strategy")}>
          <select id="strategy" value={values.strategy} onChange={(e) => set("strategy", e.target.value as CollectionFormValues["strategy"])} className={inputClasses}>
            <option value="markdown">Sections (headings, then paragraphs)</option>
            <option value="paragraph">Paragraphs</option>
            <option value="fixed">Fixed windows</option>
          </select>
        </Field>
        <Field id="size" label="Size (tokens)" error={err("chunking.size")}>
          <input id="size" type="number" min={16} max={2048} value={values.size} onChange={(e) => set("size", Number(e.target.value))} className={inputClasses} />
        </Field>
        <Field id="overlap" label="Overlap (tokens)" error={err("chunking.overlap")}>
          <input id="overlap" type="number" min={0} max={512} value={values.overlap} onChange={(e) => set("overlap", Number(e.target.value))} className={inputClasses} />
        </Field>
      </fieldset>

      <Field id="schedule" label="Re-sync schedule (cron)" hint="Five fields, e.g. 0 3 * * * for every night at 03:00; empty = only when asked." error={err("schedule")}>
        <input id="schedule" value={values.schedule} onChange={(e) => set("schedule", e.target.value)} className={inputClasses} placeholder="off" />
      </Field>

      {changesVectors ? (
        <p className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200">
          A new model or chunking re-indexes every document into a new index; search keeps answering from the current one until the new one is complete.
        </p>
      ) : null}
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={pending || !hydrated}>
          {pending ? "Saving…" : mode === "create" ? "Create and sync" : "Save"}
        </Button>
        <Button onClick={() => router.back()} disabled={pending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
