"use client";

import { useRef, useState } from "react";
import { formatAge, formatBytes, formatTimestamp } from "@/lib/format/units";
import type { GalleryItem } from "@/lib/outputs/gallery";
import { outputOpenHref } from "@/lib/outputs/queries";
import { OutputTierBadge } from "./tier-badge";

/** One output: its picture or a player, where it is, how often it was read. Opening it (/o/{id}) counts as an access; the preview does not. */
export function OutputCard({ item, showOwner }: { item: GalleryItem; showOwner: boolean }) {
  const openHref = outputOpenHref(item.id);
  return (
    <article className="flex h-full flex-col" aria-label={item.filename}>
      <div className="aspect-square bg-zinc-100 dark:bg-zinc-800">
        {item.type === "image" ? (
          <a href={openHref} target="_blank" rel="noopener noreferrer" title={`Open ${item.filename}`}>
            {/* eslint-disable-next-line @next/next/no-img-element -- a presigned S3 URL, short-lived: nothing for an image optimiser to cache */}
            <img src={item.previewUrl} alt={item.filename} loading="lazy" className="h-full w-full object-cover" />
          </a>
        ) : (
          <AudioPreview item={item} />
        )}
      </div>
      <div className="flex flex-1 flex-col gap-1 p-2.5 text-xs">
        <a href={openHref} target="_blank" rel="noopener noreferrer" className="truncate text-sm font-medium hover:underline" title={item.filename}>
          {item.filename}
        </a>
        <div className="flex flex-wrap items-center gap-1.5 text-zinc-500">
          <OutputTierBadge tier={item.tier} />
          <span>{formatBytes(item.size)}</span>
          <span data-accesses={item.accessCount} title="Opened or downloaded (previews here do not count)">
            {item.accessCount} {item.accessCount === 1 ? "access" : "accesses"}
          </span>
        </div>
        <time dateTime={item.createdAt} title={formatTimestamp(item.createdAt)} className="text-zinc-500">
          {formatAge(item.createdAt)}
        </time>
        {showOwner ? <span className="truncate font-mono text-zinc-500" title={item.userId}>{item.userId}</span> : null}
      </div>
    </article>
  );
}

function AudioPreview({ item }: { item: GalleryItem }) {
  const audio = useRef<HTMLAudioElement>(null);
  const [playing, setPlaying] = useState(false);
  const [failed, setFailed] = useState(false);
  return (
    <div className="flex h-full flex-col items-center justify-center gap-3 p-3">
      <button
        type="button"
        onClick={() => (playing ? audio.current?.pause() : void audio.current?.play().catch(() => setFailed(true)))}
        aria-label={`${playing ? "Pause" : "Play"} ${item.filename}`}
        className="flex h-14 w-14 items-center justify-center rounded-full bg-accent-600 text-white hover:bg-accent-700"
      >
        <svg viewBox="0 0 24 24" className="h-6 w-6 fill-current" aria-hidden>
          {playing ? <path d="M6 5h4v14H6zM14 5h4v14h-4z" /> : <path d="M8 5v14l11-7z" />}
        </svg>
      </button>
      <audio
        ref={audio}
        src={item.previewUrl}
        controls
        preload="none"
        className="w-full"
        aria-label={`Audio player for ${item.filename}`}
        onPlay={() => setPlaying(true)}
        onPause={() => setPlaying(false)}
        onEnded={() => setPlaying(false)}
        onError={() => setFailed(true)}
      />
      {failed ? <p className="text-center text-xs text-red-700 dark:text-red-400">Could not play it; reload the page for a fresh link.</p> : null}
    </div>
  );
}
