import { describe, expect, it } from "vitest";
import { baseName, bucketNameProblem, objectKeyProblem, parentPrefix } from "./names";

describe("bucketNameProblem", () => {
  it.each(["model-artifacts", "abc", "a.b-c1", "x".repeat(63), "1bucket"])("accepts %s", (name) => {
    expect(bucketNameProblem(name)).toBeNull();
  });

  it.each([
    ["ab", /3 to 63/],
    ["x".repeat(64), /3 to 63/],
    ["Models", /lowercase/],
    ["my_bucket", /lowercase/],
    ["-abc", /starts and ends/],
    ["abc.", /starts and ends/],
    ["a..b", /two dots/],
    ["a.-b", /dot next to a hyphen/],
    ["192.168.5.4", /IP address/],
    ["xn--abc", /reserved/],
    ["sthree-x", /reserved/],
    ["data-s3alias", /reserved/],
    ["data--x-s3", /reserved/],
  ])("refuses %s", (name, message) => {
    expect(bucketNameProblem(name)).toMatch(message);
  });
});

describe("objectKeyProblem", () => {
  it.each([
    "report.pdf",
    "a b/c d.txt",
    "ünïcödé/日本語/файл.bin",
    "100%/a+b #1?.txt",
    "folder/",
    "emoji 🎉.png",
    `${"d/".repeat(300)}${"x".repeat(255)}`,
  ])("accepts %s", (key) => {
    expect(objectKeyProblem(key)).toBeNull();
  });

  it("measures the 1,024-byte limit in UTF-8, not characters", () => {
    expect(objectKeyProblem(`${"é".repeat(127)}/`.repeat(4) + "é".repeat(2))).toBeNull();
    expect(objectKeyProblem(`${"é".repeat(127)}/`.repeat(4) + "é".repeat(3))).toMatch(/1026 bytes/);
  });

  it("refuses a folder or file name over the store's 255 bytes, also measured in UTF-8", () => {
    expect(objectKeyProblem(`a/${"x".repeat(255)}`)).toBeNull();
    expect(objectKeyProblem(`a/${"x".repeat(256)}`)).toMatch(/256 bytes in UTF-8; the store allows at most 255/);
    expect(objectKeyProblem(`${"é".repeat(128)}/a.txt`)).toMatch(/256 bytes/);
  });

  it.each([
    ["", /empty/],
    ["/leading", /empty folder name/],
    ["a//b", /empty folder name/],
    ["a/./b", /"\." and "\.\."/],
    ["../up", /"\." and "\.\."/],
    ["tab\there", /control character/],
    ["line\nbreak", /control character/],
    ["lone \uD800 surrogate", /not valid Unicode/],
  ])("refuses %j", (key, message) => {
    expect(objectKeyProblem(key)).toMatch(message);
  });
});

describe("baseName and parentPrefix", () => {
  it("split a key into its folder and its name", () => {
    expect(baseName("a/b/c.txt")).toBe("c.txt");
    expect(parentPrefix("a/b/c.txt")).toBe("a/b/");
    expect(baseName("top.txt")).toBe("top.txt");
    expect(parentPrefix("top.txt")).toBe("");
    expect(baseName("a/folder/")).toBe("folder");
    expect(parentPrefix("a/folder/")).toBe("a/");
  });
});
