import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { formatTimestamp } from "@/lib/format/units";
import { showInFilesHref } from "@/lib/search/links";
import { searchOpenHref } from "@/lib/search/queries";
import type { SearchResult } from "@/lib/search/query";
import { HighlightedText } from "./highlighted-text";

const rankText = (rank: number | null | undefined) => (rank === null || rank === undefined ? "—" : `#${rank}`);

/** One document in the results: its best chunk highlighted, where it ranked in each list, and where to go next. */
export function SearchResultItem({ result: r }: { result: SearchResult }) {
  const open = searchOpenHref(r.bucket, r.key, r.contentType, r.page);
  const why = [
    "dense" in r.ranks ? `meaning ${rankText(r.ranks.dense)}` : null,
    "keyword" in r.ranks ? `keywords ${rankText(r.ranks.keyword)}` : null,
  ].filter(Boolean);
  return (
    <li className="rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900" data-testid="search-result">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <a href={open} target="_blank" rel="noopener noreferrer" className="text-base font-medium text-accent-700 hover:underline dark:text-accent-500">
          {r.title}
        </a>
        <span className="text-xs tabular-nums text-zinc-500" title="Fused score (higher is better); the ranks say which list put it here.">
          score {r.score.toFixed(4)}
        </span>
      </div>
      <div className="mt-0.5 truncate font-mono text-xs text-zinc-500" title={`s3://${r.bucket}/${r.key}`}>
        {r.bucket}/{r.key}
        {r.headings.length ? <span className="font-sans"> · {r.headings.join(" › ")}</span> : null}
      </div>
      <p className="mt-2 text-sm leading-relaxed text-zinc-800 dark:text-zinc-200">
        <HighlightedText text={r.snippet} ranges={r.highlights} />
      </p>
      <div className="mt-3 flex flex-wrap items-center gap-2 text-xs">
        <Badge tone="info">{r.collection}</Badge>
        {r.page ? <Badge>page {r.page}</Badge> : null}
        {why.length ? <Badge title="Place of this passage in the dense (meaning) and keyword (BM25) lists that were fused; — means it was not in that list's top candidates.">{why.join(" · ")}</Badge> : null}
        {r.matchedChunks > 1 ? <span className="text-zinc-500">{r.matchedChunks} passages match</span> : null}
        {r.modifiedAt ? <span className="text-zinc-500">modified {formatTimestamp(r.modifiedAt)}</span> : null}
        <span className="ml-auto flex gap-3">
          <a href={open} target="_blank" rel="noopener noreferrer" className="font-medium text-accent-700 hover:underline dark:text-accent-500">
            Open{r.page ? ` at page ${r.page}` : ""}
          </a>
          <Link href={showInFilesHref(r.bucket, r.key)} className="font-medium text-accent-700 hover:underline dark:text-accent-500">
            Show in Files
          </Link>
        </span>
      </div>
    </li>
  );
}
