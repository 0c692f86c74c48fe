import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";
import { linkTarget, MarkdownPreview } from "@/components/files/markdown-preview";

/** The Markdown preview of a stored object: neutralised links are plain text with their URL shown, not links. */
const render = (text: string) => renderToStaticMarkup(createElement(MarkdownPreview, { text }));

describe("markdown preview links", () => {
  test("only absolute http(s) and mailto URLs stay links", () => {
    expect(linkTarget("https://example.com/a")).toBe("https://example.com/a");
    expect(linkTarget("mailto:ops@example.com")).toBe("mailto:ops@example.com");
    for (const url of ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "vbscript:x", "../secret", "/api/files/buckets", "#top", "", null, undefined]) {
      expect(linkTarget(url)).toBeNull();
    }
  });

  test("a safe link opens in a new tab without referrer", () => {
    const html = render("[docs](https://example.com/docs)");
    expect(html).toContain('<a href="https://example.com/docs" target="_blank" rel="noopener noreferrer nofollow" class="underline">docs</a>');
  });

  test("a javascript: link is plain text with its URL visible, and no anchor at all", () => {
    const html = render("[click me](javascript:alert(document.cookie))");
    expect(html).not.toContain("<a");
    expect(html).not.toContain("href");
    expect(html).not.toContain("underline");
    expect(html).toContain('<span data-neutralised-link="" class="text-zinc-800 dark:text-zinc-200">click me<span class="font-mono text-xs text-zinc-500"> (javascript:alert(document.cookie))</span></span>');
  });

  test("relative, data: and autolinked unsafe URLs are neutralised the same way", () => {
    for (const [markdown, url] of [
      ["[up](../other.md)", "../other.md"],
      ["[blob](data:text/html;base64,PHNjcmlwdD4=)", "data:text/html;base64,PHNjcmlwdD4="],
      ["[console](/api/files/buckets)", "/api/files/buckets"],
    ] as const) {
      const html = render(markdown);
      expect(html, markdown).not.toContain("<a");
      expect(html, markdown).toContain(`(${url})`);
    }
  });

  test("an image with an unsafe source shows its alt text and URL instead of loading", () => {
    const html = render("![diagram](javascript:alert(1))");
    expect(html).not.toContain("<img");
    expect(html).toContain("[image: diagram]");
    expect(html).toContain("(javascript:alert(1))");
    expect(render("![ok](https://example.com/x.png)")).toContain('<img src="https://example.com/x.png" alt="ok"');
  });

  test("raw HTML stays text", () => {
    const html = render('<a href="javascript:alert(1)">x</a> <script>alert(1)</script>');
    expect(html).not.toContain("<a ");
    expect(html).not.toContain("<script");
  });
});
