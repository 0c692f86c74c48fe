/** Small inline icons (system emoji fonts are missing on many servers' browsers, and icons must not depend on them). */
export function FolderIcon() {
  return (
    <svg aria-hidden viewBox="0 0 20 20" className="h-4 w-4 shrink-0 fill-amber-400 dark:fill-amber-500">
      <path d="M2 5.5A1.5 1.5 0 0 1 3.5 4h4.1l1.6 1.8h7.3A1.5 1.5 0 0 1 18 7.3v7.2a1.5 1.5 0 0 1-1.5 1.5h-13A1.5 1.5 0 0 1 2 14.5z" />
    </svg>
  );
}

export function FileIcon() {
  return (
    <svg aria-hidden viewBox="0 0 20 20" className="h-4 w-4 shrink-0 fill-none stroke-zinc-400 stroke-[1.5]">
      <path d="M5 2.75h6.5L15.25 6.5v10.75H5z" />
      <path d="M11.5 2.75V6.5h3.75" />
    </svg>
  );
}
