import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";

/**
 * A loading.tsx makes Next.js stream the shell of every page below it with status 200 before the page runs,
 * so a page there can no longer answer 403, 404 or a redirect (docs/architecture.md, "Route states"). This
 * reads the app folder: every check that sets a status for a page under a loading boundary must sit in a
 * layout at or above the boundary's segment.
 */

const appDir = path.resolve(import.meta.dirname, "../../app");
const consoleDir = path.join(appDir, "(console)");
const rank = { viewer: 1, editor: 2, admin: 3 } as const;
type Role = keyof typeof rank;

function walk(dir: string, name: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return walk(full, name);
    return entry.name === name ? [full] : [];
  });
}

const roleIn = (file: string): Role | null => (/requirePageRole\("(viewer|editor|admin)"\)/.exec(readFileSync(file, "utf8"))?.[1] as Role | undefined) ?? null;

/** The strongest role the layouts from the app root down to `dir` (inclusive) check before rendering it. */
function layoutRole(dir: string): Role | null {
  let best: Role | null = null;
  for (let d = dir; d.startsWith(appDir); d = path.dirname(d)) {
    const layout = path.join(d, "layout.tsx");
    const role = existsSync(layout) ? roleIn(layout) : null;
    if (role && (!best || rank[role] > rank[best])) best = role;
  }
  return best;
}

const loadings = walk(appDir, "loading.tsx");
const sectionsWithPages = readdirSync(consoleDir, { withFileTypes: true }).filter(
  (d) => d.isDirectory() && !/^\(.*\)$/.test(d.name) && walk(path.join(consoleDir, d.name), "page.tsx").length > 0,
);

describe("route states", () => {
  test("no page under a loading boundary sets its own status (403, 404, redirect) or needs a role its layouts do not check", () => {
    const wrong: string[] = [];
    for (const loading of loadings) {
      const segment = path.dirname(loading);
      const checked = layoutRole(segment);
      for (const page of walk(segment, "page.tsx")) {
        const where = path.relative(appDir, page);
        const source = readFileSync(page, "utf8");
        for (const call of ["notFound(", "forbidden(", "unauthorized(", "redirect("]) if (source.includes(call)) wrong.push(`${where} calls ${call}) below ${path.relative(appDir, loading)}`);
        const needed = roleIn(page);
        if (needed && (!checked || rank[checked] < rank[needed])) wrong.push(`${where} needs ${needed}; the layouts above ${path.relative(appDir, loading)} check ${checked ?? "nothing"}`);
        // Layouts between the boundary and the page render inside it too.
        for (let d = path.dirname(page); d !== segment; d = path.dirname(d)) {
          const layout = path.join(d, "layout.tsx");
          if (existsSync(layout) && /requirePageRole|notFound\(|forbidden\(|redirect\(/.test(readFileSync(layout, "utf8"))) wrong.push(`${path.relative(appDir, layout)} checks below ${path.relative(appDir, loading)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  test("every console section has an error.tsx; every console page has a loading boundary unless its status depends on its data", () => {
    expect(sectionsWithPages.length).toBeGreaterThan(5);
    for (const section of sectionsWithPages) {
      expect([section.name, existsSync(path.join(consoleDir, section.name, "error.tsx"))]).toEqual([section.name, true]);
    }
    const unbounded = walk(consoleDir, "page.tsx")
      .filter((page) => !loadings.some((l) => page.startsWith(path.dirname(l) + path.sep)))
      .map((page) => path.relative(consoleDir, path.dirname(page)))
      .sort();
    // Each answers 404 when what it names does not exist (or 403 by a rule on the path, or on ?view=settings,
    // which a layout cannot read), and that needs the read to finish before the status is sent: nothing to
    // show before it.
    expect(unbounded).toEqual([
      "contexts/users/[userId]/[conversationId]",
      "files/[bucket]/[[...prefix]]",
      "models/[id]",
      "search/collections/[name]",
      "search/collections/[name]/edit",
      "search/collections/[name]/evaluate",
    ]);
  });
});
