import { filesHref } from "@/lib/files/paths";
import { parentPrefix } from "@/lib/files/names";

/** A document in the Files section: its folder, with the object selected. */
export function showInFilesHref(bucket: string, key: string): string {
  return filesHref(bucket, parentPrefix(key), { object: key });
}
