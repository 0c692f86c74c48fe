/** Files from a drop, folders included (walked recursively), each with its path relative to what was dropped. */
export type DroppedFile = { file: File; path: string };

function readEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

async function walk(entry: FileSystemEntry, out: DroppedFile[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ file, path: entry.fullPath.replace(/^\//, "") });
    return;
  }
  if (entry.isDirectory) {
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    // readEntries answers in batches (100 in Chromium) until it returns an empty one.
    for (let batch = await readEntries(reader); batch.length > 0; batch = await readEntries(reader)) {
      for (const child of batch) await walk(child, out);
    }
  }
}

export async function filesFromDrop(data: DataTransfer): Promise<DroppedFile[]> {
  const entries = [...data.items].flatMap((item) => {
    const entry = item.kind === "file" ? item.webkitGetAsEntry() : null;
    return entry ? [entry] : [];
  });
  if (entries.length === 0) return [...data.files].map((file) => ({ file, path: file.name }));
  const out: DroppedFile[] = [];
  for (const entry of entries) await walk(entry, out);
  return out;
}

/** Files from an <input type="file">, keeping folder structure when a folder was picked (webkitdirectory). */
export function filesFromInput(list: FileList): DroppedFile[] {
  return [...list].map((file) => ({ file, path: file.webkitRelativePath || file.name }));
}
