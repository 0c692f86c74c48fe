import { describe, expect, it } from "vitest";
import { contentDisposition } from "./content-disposition";

describe("contentDisposition", () => {
  it("keeps a plain name as is", () => {
    expect(contentDisposition("attachment", "report.pdf")).toBe(`attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`);
  });

  it("carries unicode and reserved characters exactly in filename*", () => {
    const value = contentDisposition("inline", `résumé "final" (1)*'.txt`);
    expect(value).toMatch(/^inline; filename="r_sum_ _final_ \(1\)\*'\.txt"; /);
    const encoded = value.split("filename*=UTF-8''")[1]!;
    expect(encoded).not.toMatch(/['()*]/);
    expect(decodeURIComponent(encoded)).toBe(`résumé "final" (1)*'.txt`);
  });

  it("never lets a name break out of the header", () => {
    const value = contentDisposition("attachment", 'a";\r\nSet-Cookie: x=1');
    expect(value).not.toMatch(/[\r\n]/);
    expect(value.split(";")[1]).toBe(` filename="a____Set-Cookie: x=1"`);
  });
});
