import { env } from "@/lib/config/env";
import { defineJob } from "@/lib/jobs/definition";
import { copyNewOutputs } from "./copy-to-cold";
import { demoteHotOutputs } from "./demote";
import { defaultOutputDeps } from "./deps";
import { repromoteOutputs } from "./repromote";

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
