import { env } from "@/lib/config/env";
import { defineJob } from "@/lib/jobs/definition";
import { copyNewOutputs } from "./copy-to-cold";
import { demoteHotOutputs } from "./demote";
import { defaultOutputDeps } from "./deps";
import { repromoteOutputs } from "./repromote";
import { sweepStrayOutputs } from "./sweep";

export const outputsCopyJob = defineJob({
  name: "outputs-copy",
  title: "Copy new outputs to cold",
  description: "Copies outputs uploaded to the hot bucket to the cold bucket, verifies each copy's size, and forgets registrations whose upload never came.",
  schedule: () => env().OUTPUTS_COPY_CRON,
  run: ({ progress }) => copyNewOutputs(defaultOutputDeps(), { onBatch: progress }),
});

export const outputsDemoteJob = defineJob({
  name: "outputs-demote",
  title: "Demote week-old outputs",
  description: "Deletes the hot copy of outputs hot for OUTPUTS_HOT_DAYS, after checking each cold copy is complete.",
  schedule: () => env().OUTPUTS_DEMOTE_CRON,
  run: ({ progress }) => demoteHotOutputs(defaultOutputDeps(), { onBatch: progress }),
});

export const outputsRepromoteJob = defineJob({
  name: "outputs-repromote",
  title: "Re-promote read outputs",
  description: "Copies cold-only outputs read OUTPUTS_REPROMOTE_ACCESSES times back to the hot bucket, verified.",
  schedule: () => env().OUTPUTS_REPROMOTE_CRON,
  run: ({ progress }) => repromoteOutputs(defaultOutputDeps(), { onBatch: progress }),
});

export const outputsSweepJob = defineJob({
  name: "outputs-sweep",
  title: "Sweep unrecorded outputs",
  description:
    "Daily: deletes objects in the outputs buckets that no output records — uploads that landed through a still-valid presigned PUT after their output was deleted or its registration forgotten (older than an hour; keys not shaped like an output's are left alone).",
  // Lists both buckets whole, so once a day, at a quiet hour (UTC).
  schedule: () => "43 3 * * *",
  run: ({ progress }) => sweepStrayOutputs(defaultOutputDeps(), { onBatch: progress }),
});
