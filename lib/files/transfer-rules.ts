/**
 * What makes a copy or move of one item impossible before anything is copied, in words: shared by the
 * in-request transfer and the folder-operation job, so both refuse the same requests.
 */
export function transferItemProblem(sourceBucket: string, destinationBucket: string, source: string, destination: string): string | null {
  const folder = source.endsWith("/");
  if (folder !== destination.endsWith("/")) return `${source} → ${destination}: a folder goes to a folder (both end with /), a file to a file name.`;
  if (sourceBucket === destinationBucket) {
    if (source === destination) return `${source} would be copied onto itself; choose another name or folder.`;
    if (folder && destination.startsWith(source)) return `Folder ${source} cannot go inside itself.`;
  }
  return null;
}
