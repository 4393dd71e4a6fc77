/**
 * Files a person gave the browser app to upload, with where each sits below what was given:
 * `folders` is the path of folders from the dropped (or chosen) folder down to the file, empty
 * for a file given on its own. The folder tree is kept on the server as it was on the disk.
 */
export interface Picked {
  readonly file: File;
  readonly folders: readonly string[];
}

/** From a file input: `webkitRelativePath` ("Day 01/A-cam/A001.mov") when a folder was chosen. */
export function fromInput(files: FileList | readonly File[]): Picked[] {
  return Array.from(files, (file) => {
    const parts = file.webkitRelativePath ? file.webkitRelativePath.split('/') : [file.name];
    return { file, folders: parts.slice(0, -1).filter((p) => p !== '') };
  });
}

/**
 * From a drop: every file, and every file inside every dropped folder, read through the
 * entries API (the only way a browser hands over a dropped folder's contents). The entries are
 * taken synchronously, as the browser empties the `DataTransfer` once the event is over.
 */
export async function fromDrop(data: DataTransfer): Promise<Picked[]> {
  const entries = Array.from(data.items)
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry?.() ?? null);
  if (entries.some((e) => e === null)) return fromInput(data.files);
  const out: Picked[] = [];
  for (const entry of entries) if (entry) await walk(entry, [], out);
  return out;
}

async function walk(entry: FileSystemEntry, folders: string[], out: Picked[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ file, folders });
    return;
  }
  if (!entry.isDirectory) return;
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const inside = [...folders, entry.name];
  // readEntries answers in batches (100 in Chromium) until it answers none.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    for (const child of batch) await walk(child, inside, out);
  }
}
