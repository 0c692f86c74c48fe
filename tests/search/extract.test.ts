import { describe, expect, test } from "vitest";
import { chunkDocument } from "@/lib/search/chunk";
import { extractDocument, indexedContentType } from "@/lib/search/extract";
import { makeDocx, makePdf } from "./fixtures";

const utf8 = (s: string) => new TextEncoder().encode(s);

describe("extraction with the real parsers", () => {
  test("PDF: text layer page by page, the title from its metadata", async () => {
    const pdf = makePdf(["Tidal turbines convert the energy of tides.", "Solar panels convert sunlight."], "Renewables");
    const out = await extractDocument("docs/energy.pdf", "application/pdf", pdf);
    expect(out.outcome).toBe("text");
    if (out.outcome !== "text") return;
    expect(out.title).toBe("Renewables");
    expect(out.blocks.map((b) => [b.page, b.text])).toEqual([
      [1, "Tidal turbines convert the energy of tides."],
      [2, "Solar panels convert sunlight."],
    ]);
    expect(chunkDocument(out.blocks, { strategy: "paragraph", size: 8, overlap: 0 }).map((c) => c.page)).toEqual([1, 2]);
  });

  test("a broken PDF fails with a reason, a PDF without text is skipped", async () => {
    const broken = await extractDocument("bad.pdf", "application/pdf", utf8("%PDF-1.4\nthis is not really a pdf\n%%EOF"));
    expect(broken).toMatchObject({ outcome: "failed" });
    expect((broken as { reason: string }).reason).toMatch(/PDF/);
    const empty = await extractDocument("scan.pdf", undefined, makePdf([""]));
    expect(empty).toMatchObject({ outcome: "skipped", reason: expect.stringMatching(/no text layer/) });
  });

  test("DOCX: Word headings become headings", async () => {
    const docx = await makeDocx([{ heading: 1, text: "Handbook" }, { text: "Welcome to the team." }, { heading: 2, text: "Leave" }, { text: "Ask your manager." }]);
    const out = await extractDocument("hr/handbook.docx", undefined, docx);
    expect(out).toMatchObject({
      outcome: "text",
      blocks: [
        { kind: "heading", level: 1, text: "Handbook" },
        { kind: "text", text: "Welcome to the team." },
        { kind: "heading", level: 2, text: "Leave" },
        { kind: "text", text: "Ask your manager." },
      ],
    });
    expect(await extractDocument("x.docx", undefined, utf8("not a zip"))).toMatchObject({ outcome: "failed" });
  });

  test("HTML: main text only, headings kept, scripts and navigation dropped", async () => {
    const html = `<!doctype html><html><head><title>Ports</title><script>var secret = 1;</script></head><body>
      <nav><a href="/">Home</a> <a href="/about">About us</a></nav>
      <article><h1>Configuring ports</h1><p>${"The console listens on port 3000 by default, and every service has its own port. ".repeat(4)}</p>
      <h2>Changing it</h2><p>Set PORT before starting the console; the worker needs no port at all.</p><ul><li>one</li><li>two</li></ul></article>
      <footer>Copyright</footer></body></html>`;
    const out = await extractDocument("site/ports.html", "text/html", utf8(html));
    if (out.outcome !== "text") throw new Error(out.reason);
    expect(out.title).toBe("Ports");
    const text = out.blocks.map((b) => b.text).join("\n");
    expect(text).toContain("Set PORT before starting");
    expect(text).not.toContain("secret");
    expect(text).not.toContain("About us");
    expect(out.blocks.find((b) => b.kind === "heading" && b.level === 2)?.text).toBe("Changing it");
  });

  test("Markdown through a CommonMark parser: headings, code kept as written", async () => {
    const md = "# Title\n\nIntro *text*.\n\n## Code\n\n```sh\nnpm run dev\n```\n";
    const out = await extractDocument("readme.md", undefined, utf8(md));
    expect(out).toMatchObject({
      outcome: "text",
      title: "Title",
      blocks: [
        { kind: "heading", level: 1, text: "Title" },
        { kind: "text", text: "Intro *text*." },
        { kind: "heading", level: 2, text: "Code" },
        { kind: "text", text: "```sh\nnpm run dev\n```" },
      ],
    });
  });

  test("text, JSON and code are text; binaries and unknown formats are skipped with a reason", async () => {
    expect(await extractDocument("data/rows.csv", "text/csv", utf8("a,b\n1,2"))).toMatchObject({ outcome: "text" });
    expect(await extractDocument("src/main.go", undefined, utf8("package main\n\nfunc main() {}"))).toMatchObject({ outcome: "text" });
    const binary = await extractDocument("blob.dat", "application/octet-stream", new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 0xff]));
    expect(binary).toMatchObject({ outcome: "skipped", reason: expect.stringMatching(/Binary/) });
    expect(await extractDocument("photo.jpg", "image/jpeg", new Uint8Array([0xff, 0xd8]))).toMatchObject({ outcome: "skipped", reason: expect.stringMatching(/\.jpg/) });
    expect(await extractDocument("empty.txt", "text/plain", new Uint8Array())).toMatchObject({ outcome: "skipped" });
    expect(indexedContentType("a.md", "application/octet-stream")).toBe("text/markdown");
    expect(indexedContentType("a.txt", "binary/octet-stream")).toBe("text/plain");
  });
});
