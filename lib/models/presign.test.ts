import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { expect, test } from "vitest";
import { encodeKeyPath, presignGet } from "./presign";

const clientOf = (forcePathStyle: boolean, endpoint = "http://127.0.0.1:8333", whenRequired = false) =>
  new S3Client({
    endpoint,
    region: "us-east-1",
    forcePathStyle,
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
    ...(whenRequired ? { requestChecksumCalculation: "WHEN_REQUIRED" as const, responseChecksumValidation: "WHEN_REQUIRED" as const } : {}),
  });

const sorted = (href: string) => {
  const url = new URL(href);
  return { origin: url.origin, path: url.pathname, query: [...url.searchParams.entries()].sort(([a], [b]) => a.localeCompare(b)) };
};

test.each([
  ["path-style", clientOf(true)],
  ["virtual-hosted", clientOf(false, "https://s3.example.com")],
  ["checksums when required (Strata's clients)", clientOf(true, "http://127.0.0.1:8333", true)],
])("a fast presigned GET is the SDK's getSignedUrl, byte for byte (%s)", async (_, client) => {
  const signingDate = new Date("2026-12-02T23:00:00Z");
  for (const key of ["llm/tiny/v1/config.json", "llm/tiny/v1/sub dir/weights (1)!*'.bin", "a/ü/€/+&=?#.bin"]) {
    const sdk = await getSignedUrl(client, new GetObjectCommand({ Bucket: "model-artifacts", Key: key }), { expiresIn: 600, signingDate });
    const fast = await presignGet(client, "model-artifacts", key, 600, signingDate);
    expect(sorted(fast)).toEqual(sorted(sdk));
  }
});

test("keys are encoded per segment, '/' kept", () => {
  expect(encodeKeyPath("a b/c(d)/e*f")).toBe("a%20b/c%28d%29/e%2Af");
});
