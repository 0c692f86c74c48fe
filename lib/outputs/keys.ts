/**
 * Where an output's bytes live: `<userId>/<yyyy>/<mm>/<dd>/<id>.<ext>` (UTC date of creation), the same
 * key in the hot and the cold bucket, so a tier move never renames anything and a user's outputs are one
 * prefix in each bucket.
 */
export function outputKey(userId: string, id: string, createdAt: Date, extension: string): string {
  const yyyy = createdAt.getUTCFullYear().toString().padStart(4, "0");
  const mm = (createdAt.getUTCMonth() + 1).toString().padStart(2, "0");
  const dd = createdAt.getUTCDate().toString().padStart(2, "0");
  return `${userId}/${yyyy}/${mm}/${dd}/${id}.${extension}`;
}

/** The prefix holding every output of a user in either bucket. */
export function userPrefix(userId: string): string {
  return `${userId}/`;
}
