"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import type { CorsRule, Feature } from "@/lib/files/bucket-settings";
import { filesApi } from "@/lib/files/queries";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable, type DataColumn } from "@/components/ui/data-table";
import type { NoticeMessage } from "@/components/ui/notice";

const list = (values: string[]) => (values.length === 0 ? "—" : values.join(", "));

const cell = "px-4 py-2";
type Numbered = { rule: CorsRule; index: number };

function corsColumns(onRemove: (index: number) => void): DataColumn<Numbered>[] {
  return [
    { id: "origins", header: "Origins", className: `${cell} font-mono text-xs break-all`, cell: ({ rule }) => list(rule.allowedOrigins) },
    { id: "methods", header: "Methods", className: cell, cell: ({ rule }) => list(rule.allowedMethods) },
    { id: "headers", header: "Headers", className: cell, cell: ({ rule }) => list(rule.allowedHeaders) },
    { id: "exposed", header: "Exposed", className: cell, cell: ({ rule }) => list(rule.exposeHeaders) },
    { id: "maxAge", header: "Max age", className: `${cell} tabular-nums`, cell: ({ rule }) => (rule.maxAgeSeconds === null ? "—" : `${rule.maxAgeSeconds} s`) },
    {
      id: "actions",
      header: "Actions",
      srOnlyHeader: true,
      className: `${cell} text-right`,
      cell: ({ index }) => (
        <Button size="sm" variant="ghost" onClick={() => onRemove(index)}>
          Remove
        </Button>
      ),
    },
  ];
}

/**
 * The bucket's CORS rules. Browsers upload and download straight to the store, so the console's origin
 * needs a rule (methods GET/HEAD/PUT, ETag exposed); "Use the console's rule" restores exactly that one.
 */
export function CorsCard({ bucket, cors, consoleRule, onNotice }: { bucket: string; cors: Feature<CorsRule[]>; consoleRule: CorsRule; onNotice: (notice: NoticeMessage) => void }) {
  const [rules, setRules] = useState<CorsRule[]>(cors.supported ? cors.value : []);
  const [pending, setPending] = useState<{ title: string; rules: CorsRule[]; text: string } | null>(null);
  const save = useMutation({
    mutationFn: (next: CorsRule[]) => filesApi.putCors(bucket, next),
    onSuccess: ({ rules: stored }) => {
      setRules(stored);
      onNotice({ tone: "good", text: `CORS rules of ${bucket} saved.` });
    },
    onError: (error) => onNotice({ tone: "bad", text: error.message }),
    onSettled: () => setPending(null),
  });
  if (!cors.supported) {
    return (
      <Card title="CORS">
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Per-bucket CORS is not available: {cors.reason} The store&apos;s global CORS setting applies (see docs/files.md).
        </p>
      </Card>
    );
  }
  const hasConsoleRule = rules.some((r) => JSON.stringify(r) === JSON.stringify(consoleRule));
  return (
    <Card
      title="CORS"
      actions={
        hasConsoleRule ? null : (
          <Button
            size="sm"
            variant="primary"
            disabled={save.isPending}
            onClick={() => setPending({ title: "Use the console's CORS rule?", rules: [consoleRule], text: "This replaces the bucket's rules with the one browser uploads and downloads need." })}
          >
            Use the console&apos;s rule
          </Button>
        )
      }
    >
      {hasConsoleRule ? null : (
        <p className="mb-3 text-sm text-amber-800 dark:text-amber-300">
          No rule allows this console ({list(consoleRule.allowedOrigins)}) with ETag exposed: uploads from the browser will fail.
        </p>
      )}
      <DataTable
        frameClassName="-mx-4 overflow-x-auto"
        rows={rules.map((rule, index) => ({ rule, index }))}
        rowKey={({ index }) => String(index)}
        empty={{ title: "No CORS rules", children: "Browsers cannot reach this bucket from another origin." }}
        headerCell="px-4 py-2"
        columns={corsColumns((index) => {
          const rule = rules[index]!;
          setPending({ title: "Remove this CORS rule?", rules: rules.filter((_, i) => i !== index), text: `Browsers at ${list(rule.allowedOrigins)} lose access.` });
        })}
      />
      <ConfirmDialog
        open={pending !== null}
        title={pending?.title ?? ""}
        confirmLabel="Save"
        busy={save.isPending}
        onConfirm={() => pending && save.mutate(pending.rules)}
        onCancel={() => setPending(null)}
      >
        {pending?.text}
      </ConfirmDialog>
    </Card>
  );
}
