"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import type { Feature } from "@/lib/files/bucket-settings";
import type { LifecycleRule } from "@/lib/files/lifecycle";
import type { LifecyclePreset } from "@/lib/files/lifecycle-presets";
import { filesApi } from "@/lib/files/queries";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable, type DataColumn } from "@/components/ui/data-table";
import { Dialog, Field, inputClasses } from "@/components/ui/dialog";
import type { NoticeMessage } from "@/components/ui/notice";

function describeRule(rule: LifecycleRule): string {
  const parts = [];
  if (rule.expirationDays !== null) parts.push(`delete objects ${rule.expirationDays} day${rule.expirationDays === 1 ? "" : "s"} after they were written`);
  if (rule.abortIncompleteDays !== null) parts.push(`abort unfinished uploads after ${rule.abortIncompleteDays} day${rule.abortIncompleteDays === 1 ? "" : "s"}`);
  if (rule.transition) parts.push(`move to ${rule.transition.storageClass} after ${rule.transition.days} days`);
  return parts.join("; ");
}

const cell = "px-4 py-2";

function ruleColumns(onRemove: (id: string) => void): DataColumn<LifecycleRule>[] {
  return [
    { id: "name", header: "Name", className: `${cell} font-medium`, cell: (rule) => rule.id },
    {
      id: "prefix",
      header: "Prefix",
      className: `${cell} font-mono text-xs`,
      cell: (rule) => (rule.prefix === "" ? <span className="text-zinc-500">whole bucket</span> : rule.prefix),
    },
    { id: "does", header: "What it does", className: cell, cell: describeRule },
    { id: "state", header: "State", className: cell, cell: (rule) => (rule.enabled ? "on" : "off") },
    {
      id: "actions",
      header: "Actions",
      srOnlyHeader: true,
      className: `${cell} text-right`,
      cell: (rule) => (
        <Button size="sm" variant="ghost" onClick={() => onRemove(rule.id)} aria-label={`Remove rule ${rule.id}`}>
          Remove
        </Button>
      ),
    },
  ];
}

const emptyDraft = { id: "", prefix: "", expirationDays: "", abortIncompleteDays: "", transitionDays: "", storageClass: "" };
type Draft = typeof emptyDraft;

/** A number field's value: null when empty, NaN when not a whole number ≥ 0 (the form says so). */
function days(text: string): number | null {
  if (text.trim() === "") return null;
  return /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
}

function draftProblem(draft: Draft, existing: LifecycleRule[]): string | null {
  if (draft.id.trim() === "") return "Give the rule a name.";
  if (existing.some((r) => r.id === draft.id.trim())) return "A rule with this name exists; remove it first or pick another name.";
  const values = [days(draft.expirationDays), days(draft.abortIncompleteDays), days(draft.transitionDays)];
  if (values.some((v) => Number.isNaN(v))) return "Days are whole numbers.";
  if (values[0] === 0 || values[1] === 0) return "Expire and abort after at least 1 day.";
  if ((values[2] === null) !== (draft.storageClass.trim() === "")) return "A transition needs both the days and the storage class.";
  if (values.every((v) => v === null)) return "Choose at least one action: expire, abort unfinished uploads, or transition.";
  return null;
}

function ruleOf(draft: Draft): LifecycleRule {
  const transitionDays = days(draft.transitionDays);
  return {
    id: draft.id.trim(),
    prefix: draft.prefix,
    enabled: true,
    expirationDays: days(draft.expirationDays),
    abortIncompleteDays: days(draft.abortIncompleteDays),
    transition: transitionDays === null ? null : { days: transitionDays, storageClass: draft.storageClass.trim() },
  };
}

/**
 * The bucket's lifecycle rules as the store holds them. Every change sends the whole list
 * (PutBucketLifecycleConfiguration replaces it); a refusal by the store is shown in its own words.
 */
export function LifecycleCard({
  bucket,
  lifecycle,
  preset,
  onNotice,
}: {
  bucket: string;
  lifecycle: Feature<LifecycleRule[]>;
  preset: LifecyclePreset;
  onNotice: (notice: NoticeMessage) => void;
}) {
  const [rules, setRules] = useState<LifecycleRule[]>(lifecycle.supported ? lifecycle.value : []);
  const [adding, setAdding] = useState(false);
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [confirmPreset, setConfirmPreset] = useState(false);
  const [removing, setRemoving] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (next: LifecycleRule[]) => filesApi.putLifecycle(bucket, next),
    onSuccess: ({ rules: stored }) => {
      setRules(stored);
      setAdding(false);
      setConfirmPreset(false);
      setRemoving(null);
      setDraft(emptyDraft);
      onNotice({ tone: "good", text: `Lifecycle rules of ${bucket} saved: the store now holds ${stored.length} rule${stored.length === 1 ? "" : "s"}.` });
    },
    onError: (error) => {
      setConfirmPreset(false);
      setRemoving(null);
      onNotice({ tone: "bad", text: error.message });
    },
  });

  if (!lifecycle.supported) {
    return (
      <Card title="Lifecycle rules">
        <p className="text-sm text-zinc-600 dark:text-zinc-400">Lifecycle rules are not available: {lifecycle.reason}</p>
      </Card>
    );
  }

  const problem = adding ? draftProblem(draft, rules) : null;
  const field = (name: keyof Draft) => ({
    id: `rule-${name}`,
    className: inputClasses,
    value: draft[name],
    onChange: (e: { target: { value: string } }) => setDraft({ ...draft, [name]: e.target.value }),
  });

  return (
    <Card
      title="Lifecycle rules"
      actions={
        <>
          <Button size="sm" onClick={() => setConfirmPreset(true)} disabled={save.isPending}>
            Apply the preset
          </Button>
          <Button size="sm" variant="primary" onClick={() => setAdding(true)} disabled={save.isPending}>
            Add rule
          </Button>
        </>
      }
    >
      <p className="mb-3 text-sm text-zinc-600 dark:text-zinc-400">
        The store applies these rules itself, once a day. Suggested for {bucket}: {preset.summary}
      </p>
      <DataTable
        frameClassName="-mx-4 overflow-x-auto"
        rows={rules}
        rowKey={(rule) => rule.id}
        empty={{ title: "No lifecycle rules", children: "Objects stay until someone deletes them, and unfinished uploads keep their parts." }}
        headerCell="px-4 py-2"
        columns={ruleColumns(setRemoving)}
      />

      <Dialog
        open={adding}
        title="Add a lifecycle rule"
        description="Leave a field empty to skip that action. The prefix limits the rule to keys starting with it (e.g. logs/)."
        submitLabel="Save rule"
        busy={save.isPending}
        submitDisabled={problem !== null}
        onSubmit={() => save.mutate([...rules, ruleOf(draft)])}
        onClose={() => setAdding(false)}
      >
        <Field id="rule-id" label="Name" error={draft.id === "" ? null : problem}>
          <input {...field("id")} autoFocus autoComplete="off" />
        </Field>
        <Field id="rule-prefix" label="Prefix" hint="Empty: the whole bucket.">
          <input {...field("prefix")} autoComplete="off" spellCheck={false} placeholder="logs/" />
        </Field>
        <Field id="rule-expirationDays" label="Delete objects after (days)">
          <input {...field("expirationDays")} inputMode="numeric" placeholder="30" />
        </Field>
        <Field id="rule-abortIncompleteDays" label="Abort unfinished multipart uploads after (days)">
          <input {...field("abortIncompleteDays")} inputMode="numeric" placeholder="7" />
        </Field>
        <Field id="rule-transitionDays" label="Move to another storage class after (days)" hint="Not every store implements this (SeaweedFS does not).">
          <input {...field("transitionDays")} inputMode="numeric" />
        </Field>
        <Field id="rule-storageClass" label="Storage class">
          <input {...field("storageClass")} autoComplete="off" placeholder="GLACIER" />
        </Field>
      </Dialog>

      <ConfirmDialog
        open={confirmPreset}
        title={`Apply the preset to ${bucket}?`}
        confirmLabel="Apply preset"
        busy={save.isPending}
        onConfirm={() => save.mutate(preset.rules)}
        onCancel={() => setConfirmPreset(false)}
      >
        <p>{preset.summary} This replaces the bucket&apos;s current rules with:</p>
        <ul className="mt-2 list-disc pl-5">
          {preset.rules.map((r) => (
            <li key={r.id}>
              <span className="font-medium">{r.id}</span> ({r.prefix === "" ? "whole bucket" : r.prefix}): {describeRule(r)}
            </li>
          ))}
        </ul>
      </ConfirmDialog>

      <ConfirmDialog
        open={removing !== null}
        title={`Remove rule ${removing ?? ""}?`}
        confirmLabel="Remove rule"
        tone="danger"
        busy={save.isPending}
        onConfirm={() => save.mutate(rules.filter((r) => r.id !== removing))}
        onCancel={() => setRemoving(null)}
      >
        The store stops applying it; objects it would have deleted stay.
      </ConfirmDialog>
    </Card>
  );
}
