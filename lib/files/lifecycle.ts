import {
  DeleteBucketLifecycleCommand,
  GetBucketLifecycleConfigurationCommand,
  PutBucketLifecycleConfigurationCommand,
  type LifecycleRule as S3LifecycleRule,
} from "@aws-sdk/client-s3";
import { z } from "zod";
import type { Prisma } from "@/lib/generated/prisma/client";
import { HttpError, badRequest } from "@/lib/http/errors";
import { s3 } from "@/lib/s3/client";
import type { Caller } from "@/lib/auth/caller";
import { mutate } from "@/lib/auth/mutate";
import { s3Uri } from "./names";
import { explainS3Error, s3ErrorCode, s3Status } from "./s3-errors";

/**
 * Bucket lifecycle rules, read and written through the S3 API (so the store enforces them, not Strata):
 * expiration of objects under a prefix after N days, and aborting multipart uploads left incomplete for
 * N days. Transition rules (to another storage class) are shown when a store holds them and can be sent,
 * but SeaweedFS answers them with 501 NotImplemented, which is reported in words.
 */

export const lifecycleRuleSchema = z
  .object({
    id: z.string().trim().min(1, "Give the rule a name.").max(255).regex(/^[\w .:-]+$/, "A rule name uses letters, digits, spaces and . _ : -"),
    prefix: z.string().max(1024).default(""),
    enabled: z.boolean().default(true),
    expirationDays: z.number().int().min(1, "Expire after at least 1 day.").max(36_500).nullable().default(null),
    abortIncompleteDays: z.number().int().min(1, "Abort after at least 1 day.").max(36_500).nullable().default(null),
    transition: z.object({ days: z.number().int().min(0).max(36_500), storageClass: z.string().min(1).max(64) }).nullable().default(null),
  })
  .refine((r) => r.expirationDays !== null || r.abortIncompleteDays !== null || r.transition !== null, "A rule needs at least one action (expire, abort uploads or transition).");
export type LifecycleRule = z.output<typeof lifecycleRuleSchema>;

export const lifecycleRulesSchema = z
  .array(lifecycleRuleSchema)
  .max(100)
  .refine((rules) => new Set(rules.map((r) => r.id)).size === rules.length, "Two rules have the same name.");

function fromS3(rule: S3LifecycleRule, index: number): LifecycleRule {
  const transition = rule.Transitions?.[0];
  return {
    id: rule.ID ?? `rule-${index + 1}`,
    prefix: rule.Filter?.Prefix ?? rule.Filter?.And?.Prefix ?? rule.Prefix ?? "",
    enabled: rule.Status === "Enabled",
    expirationDays: rule.Expiration?.Days ?? null,
    abortIncompleteDays: rule.AbortIncompleteMultipartUpload?.DaysAfterInitiation ?? null,
    transition: transition?.Days !== undefined && transition.StorageClass ? { days: transition.Days, storageClass: transition.StorageClass } : null,
  };
}

export function toS3Rule(rule: LifecycleRule): S3LifecycleRule {
  return {
    ID: rule.id,
    Status: rule.enabled ? "Enabled" : "Disabled",
    Filter: { Prefix: rule.prefix },
    ...(rule.expirationDays !== null ? { Expiration: { Days: rule.expirationDays } } : {}),
    ...(rule.abortIncompleteDays !== null ? { AbortIncompleteMultipartUpload: { DaysAfterInitiation: rule.abortIncompleteDays } } : {}),
    ...(rule.transition ? { Transitions: [{ Days: rule.transition.days, StorageClass: rule.transition.storageClass as never }] } : {}),
  };
}

/** The bucket's rules; an empty list when it has none. */
export async function getLifecycleRules(bucket: string): Promise<LifecycleRule[]> {
  try {
    const out = await s3().send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }));
    return (out.Rules ?? []).map(fromS3);
  } catch (error) {
    if (s3ErrorCode(error) === "NoSuchLifecycleConfiguration") return [];
    throw explainS3Error(error, `Reading the lifecycle rules of ${bucket}`);
  }
}

/** What a store's refusal of a lifecycle configuration means, in words. */
function explainRefusal(error: unknown, rules: LifecycleRule[], bucket: string): unknown {
  const code = s3ErrorCode(error);
  if (code === "NotImplemented" || s3Status(error) === 501) {
    const transitions = rules.filter((r) => r.transition !== null).map((r) => r.id);
    const what = transitions.length > 0 ? `Transition rules (${transitions.join(", ")})` : "Some of these rules";
    return new HttpError("not_supported_by_store",
      `The object store refused the rules: ${what} are not implemented by this store (it answered 501 NotImplemented). ` +
        "SeaweedFS supports expiration and aborting incomplete uploads, not transitions to another storage class. Nothing was changed.",
    );
  }
  if (code === "MalformedXML" || code === "InvalidArgument" || code === "InvalidRequest") {
    return badRequest(`The object store refused the rules as invalid (${code}); nothing was changed.`);
  }
  return explainS3Error(error, `Writing the lifecycle rules of ${bucket}`);
}

/** Replaces the bucket's rules (an empty list removes them all). Admins only; audited with the rules sent. */
export async function putLifecycleRules(caller: Caller, bucket: string, input: z.input<typeof lifecycleRulesSchema>): Promise<LifecycleRule[]> {
  return mutate(
    caller,
    { role: "admin", action: "files.bucket.lifecycle", target: s3Uri(bucket) },
    async () => {
      const rules = lifecycleRulesSchema.parse(input);
      try {
        if (rules.length === 0) await s3().send(new DeleteBucketLifecycleCommand({ Bucket: bucket }));
        else await s3().send(new PutBucketLifecycleConfigurationCommand({ Bucket: bucket, LifecycleConfiguration: { Rules: rules.map(toS3Rule) } }));
      } catch (error) {
        throw explainRefusal(error, rules, bucket);
      }
      return getLifecycleRules(bucket);
    },
    (rules) => ({ rules: rules as unknown as Prisma.InputJsonArray }),
  );
}
