import { expect, test } from "vitest";
import { forcedResponseType, previewFamily, previewKind } from "./preview";

test("an HTML file named *.pdf is previewed as a PDF, and the store is told to answer application/pdf", () => {
  const kind = previewKind("report.pdf", "text/html");
  expect(kind).toBe("pdf");
  expect(forcedResponseType(previewFamily(kind!), "report.pdf")).toBe("application/pdf");
});

test("text kinds are delivered as text/plain, whatever the stored type", () => {
  for (const [key, type] of [["page.html", "text/html"], ["notes.md", "text/markdown"], ["data.json", "application/json"], ["x.txt", "text/html"]] as const) {
    expect(forcedResponseType(previewFamily(previewKind(key, type)!), key)).toBe("text/plain; charset=utf-8");
  }
});

test("images keep a raster type by extension; an unknown one is opaque bytes", () => {
  expect(forcedResponseType("image", "a.png")).toBe("image/png");
  expect(forcedResponseType("image", "a.svg")).toBe("image/svg+xml");
  expect(forcedResponseType("image", "photo")).toBe("application/octet-stream");
  expect(previewKind("blob.bin", "application/octet-stream")).toBeNull();
});
