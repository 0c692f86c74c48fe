import type { ReactNode } from "react";
import ReactMarkdown, { type Components } from "react-markdown";

/**
 * Markdown from the store, rendered without raw HTML (react-markdown escapes it). A link is a link only when it
 * leads somewhere real and harmless (absolute http, https or mailto) and then opens in a new tab; any other
 * (`javascript:`, `data:`, `vbscript:`, a path relative to the console, an anchor) is neutralised, and a
 * neutralised link is plain text with its URL written beside it — it must not look clickable. Images go the
 * same way: only http(s) sources are loaded (the CSP decides which); others show their alt text and URL.
 */
export function linkTarget(url: string | undefined | null): string | null {
  if (!url) return null;
  const trimmed = url.trim();
  return /^(https?:\/\/|mailto:)/i.test(trimmed) ? trimmed : null;
}

function Neutralised({ label, url }: { label: ReactNode; url: string }) {
  return (
    <span data-neutralised-link="" className="text-zinc-800 dark:text-zinc-200">
      {label}
      {url ? <span className="font-mono text-xs text-zinc-500"> ({url})</span> : null}
    </span>
  );
}

const components: Components = {
  a: ({ href, children }) => {
    const target = linkTarget(href);
    if (target === null) return <Neutralised label={children} url={href ?? ""} />;
    return (
      <a href={target} target="_blank" rel="noopener noreferrer nofollow" className="underline">
        {children}
      </a>
    );
  },
  img: ({ src, alt }) => {
    const url = typeof src === "string" ? src : "";
    const target = linkTarget(url);
    if (target === null || target.startsWith("mailto:")) return <Neutralised label={alt ? `[image: ${alt}]` : "[image]"} url={url} />;
    // eslint-disable-next-line @next/next/no-img-element
    return <img src={target} alt={alt ?? ""} className="max-w-full" />;
  },
};

/** URLs are judged by the components above, so every one reaches them as written (the default transform would blank the unsafe ones first). */
const keepUrl = (url: string) => url;

export function MarkdownPreview({ text }: { text: string }) {
  return (
    <ReactMarkdown components={components} urlTransform={keepUrl}>
      {text}
    </ReactMarkdown>
  );
}
