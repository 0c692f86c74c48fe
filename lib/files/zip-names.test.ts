import { describe, expect, it } from "vitest";
import { zipEntryProblem, zipFileName } from "./zip-operation";

describe("zip names", () => {
  it("names the archive after the one folder, the name asked for, or 'selection'", () => {
    expect(zipFileName(null, [{ source: "photos/2024/" }])).toBe("2024.zip");
    expect(zipFileName("Q3 report", [{ source: "a.txt" }, { source: "b.txt" }])).toBe("Q3 report.zip");
    expect(zipFileName("bundle.ZIP", [{ source: "a/" }])).toBe("bundle.ZIP");
    expect(zipFileName(null, [{ source: "a.txt" }, { source: "b/" }])).toBe("selection.zip");
  });

  it("keeps out entry names zip readers refuse or extract outside the target", () => {
    expect(zipEntryProblem("photos/2024/a b ü #?.jpg")).toBeNull();
    for (const bad of ["/etc/passwd", "a/../b", "./a", "a//b", "a\\b"]) expect(zipEntryProblem(bad)).not.toBeNull();
  });
});
