import { isHttpError } from "@/lib/http/errors";
import { httpErrorFromS3 } from "@/lib/s3/errors";

export { isS3NotFound, s3ErrorCode, s3Status } from "@/lib/s3/errors";

/**
 * Turns what S3 answered into an error the caller can read, naming the thing that was asked for (the code
 * map itself is lib/s3/errors.ts). Unknown failures stay as they are (a 500 with the detail in the server log).
 */
export function explainS3Error(error: unknown, what: string): unknown {
  if (isHttpError(error)) return error;
  return httpErrorFromS3(error, what) ?? error;
}
