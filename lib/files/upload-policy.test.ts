import { describe, expect, it } from "vitest";
import { formatBytes } from "@/lib/format/units";
import { extensionOf, normalizeContentType, uploadPolicyProblem, type UploadPolicy } from "./upload-policy";

const open: UploadPolicy = { maxBytes: 100 * 1024 ** 2, allowedContentTypes: [], allowedExtensions: [] };

describe("uploadPolicyProblem", () => {
  it("lets anything under the limit through when no types are configured", () => {
    expect(uploadPolicyProblem({ key: "a/b.bin", size: 10, contentType: "application/octet-stream" }, open)).toBeNull();
  });

  it("refuses a file over the size limit with 413 and both sizes", () => {
    expect(uploadPolicyProblem({ key: "big.bin", size: 200 * 1024 ** 2, contentType: "application/octet-stream" }, open)).toEqual({
      status: 413,
      message: "The file is 200 MiB; uploads are limited to 100 MiB.",
    });
  });

  it("refuses a malformed content type", () => {
    expect(uploadPolicyProblem({ key: "a.txt", size: 1, contentType: "text" }, open)?.status).toBe(400);
    expect(uploadPolicyProblem({ key: "a.txt", size: 1, contentType: "text/plain; charset=utf-8" }, open)).toBeNull();
  });

  it("checks extensions case-insensitively, with or without the dot in the configuration", () => {
    const policy = { ...open, allowedExtensions: [".PDF", "safetensors"] };
    expect(uploadPolicyProblem({ key: "x/Model.SafeTensors", size: 1, contentType: "application/octet-stream" }, policy)).toBeNull();
    expect(uploadPolicyProblem({ key: "doc.pdf", size: 1, contentType: "application/pdf" }, policy)).toBeNull();
    expect(uploadPolicyProblem({ key: "run.exe", size: 1, contentType: "application/octet-stream" }, policy)).toEqual({
      status: 415,
      message: ".exe files are not accepted here; allowed: .pdf, .safetensors.",
    });
    expect(uploadPolicyProblem({ key: "README", size: 1, contentType: "text/plain" }, policy)?.message).toMatch(/without an extension/);
  });

  it("matches content types exactly or by family", () => {
    const policy = { ...open, allowedContentTypes: ["image/*", "application/pdf"] };
    expect(uploadPolicyProblem({ key: "a.png", size: 1, contentType: "image/png" }, policy)).toBeNull();
    expect(uploadPolicyProblem({ key: "a.pdf", size: 1, contentType: "application/pdf" }, policy)).toBeNull();
    expect(uploadPolicyProblem({ key: "a.zip", size: 1, contentType: "application/zip" }, policy)?.status).toBe(415);
    expect(uploadPolicyProblem({ key: "a.svg", size: 1, contentType: "imagexsvg/foo" }, policy)?.status).toBe(415);
  });
});

describe("helpers", () => {
  it("find the extension of the file name only", () => {
    expect(extensionOf("a.d/b")).toBe("");
    expect(extensionOf("a/b.tar.GZ")).toBe("gz");
    expect(extensionOf(".env")).toBe("");
  });

  it("default an empty content type to octet-stream", () => {
    expect(normalizeContentType("")).toBe("application/octet-stream");
    expect(normalizeContentType(undefined)).toBe("application/octet-stream");
    expect(normalizeContentType(" text/csv ")).toBe("text/csv");
  });

  it("format sizes in binary units", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1536)).toBe("1.5 KiB");
    expect(formatBytes(200 * 1024 ** 2)).toBe("200 MiB");
    expect(formatBytes(5 * 1024 ** 4)).toBe("5.0 TiB");
  });
});
