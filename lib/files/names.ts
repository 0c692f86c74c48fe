/**
 * S3 naming rules, checked before any call so people get a sentence instead of a store's error code.
 * Each check returns the problem in words, or null when the name is fine.
 */

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const RESERVED_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"];
const RESERVED_SUFFIXES = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

export function bucketNameProblem(name: string): string | null {
  if (name.length < 3 || name.length > 63) return "A bucket name has 3 to 63 characters.";
  if (!/^[a-z0-9.-]+$/.test(name)) return "A bucket name uses only lowercase letters, digits, dots (.) and hyphens (-).";
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) return "A bucket name starts and ends with a letter or a digit.";
  if (name.includes("..")) return "A bucket name has no two dots in a row.";
  if (name.includes(".-") || name.includes("-.")) return "A bucket name has no dot next to a hyphen.";
  if (IPV4.test(name)) return "A bucket name cannot look like an IP address.";
  const prefix = RESERVED_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) return `Bucket names starting with "${prefix}" are reserved.`;
  const suffix = RESERVED_SUFFIXES.find((s) => name.endsWith(s));
  if (suffix) return `Bucket names ending with "${suffix}" are reserved.`;
  return null;
}

export const MAX_KEY_BYTES = 1024;
/**
 * Stores that keep objects as files (SeaweedFS's filer, MinIO) refuse a folder or file name longer than a
 * file system allows (measured on SeaweedFS 4.53: 255 bytes pass, 256 answer KeyTooLongError), so Strata
 * checks it before signing rather than letting the upload fail at the store.
 */
export const MAX_NAME_BYTES = 255;

// XML 1.0 (the S3 listing format) cannot carry most control characters, so a key holding one could be
// written but never listed back correctly.
const CONTROL = /[\u0000-\u001f\u007f]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Rules for keys Strata writes. S3 accepts almost any byte string, but empty, "." and ".." path segments
 * break folder navigation, URLs and downloads to disk, so Strata does not create them (it still lists them).
 * A folder marker is a key ending in "/".
 */
export function objectKeyProblem(key: string): string | null {
  if (key.length === 0) return "The object name is empty.";
  if (LONE_SURROGATE.test(key)) return "The object name is not valid Unicode.";
  const bytes = utf8Length(key);
  if (bytes > MAX_KEY_BYTES) return `The full object key is ${bytes} bytes in UTF-8; S3 allows at most ${MAX_KEY_BYTES}.`;
  if (CONTROL.test(key)) return "The object name contains a control character (such as a tab or a line break).";
  const segments = key.endsWith("/") ? key.slice(0, -1).split("/") : key.split("/");
  if (segments.some((s) => s === "")) return "The object key has an empty folder name (it starts with / or contains //).";
  if (segments.some((s) => s === "." || s === "..")) return `"." and ".." cannot be folder or file names.`;
  const long = segments.find((s) => utf8Length(s) > MAX_NAME_BYTES);
  if (long !== undefined) return `The name "${long.slice(0, 40)}…" is ${utf8Length(long)} bytes in UTF-8; the store allows at most ${MAX_NAME_BYTES} per folder or file name.`;
  return null;
}

const encoder = new TextEncoder();

/** Bytes in UTF-8 (S3 measures keys this way); works in the browser too, where the same checks run first. */
export function utf8Length(text: string): number {
  return encoder.encode(text).length;
}

/** The last path segment of a key: what a file is called when downloaded. */
export function baseName(key: string): string {
  const trimmed = key.endsWith("/") ? key.slice(0, -1) : key;
  return trimmed.slice(trimmed.lastIndexOf("/") + 1);
}

/** The prefix a key lives under ("" at the bucket's root). */
export function parentPrefix(key: string): string {
  const trimmed = key.endsWith("/") ? key.slice(0, -1) : key;
  return trimmed.slice(0, trimmed.lastIndexOf("/") + 1);
}

/** A bucket or object as an audit target: `s3://bucket/key`. */
export function s3Uri(bucket: string, key = ""): string {
  return `s3://${bucket}/${key}`;
}
