import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import * as listRoute from "@/app/api/v1/models/route";
import { db } from "@/lib/db/client";
import { countModels, listModelsPage, type ModelSort } from "@/lib/models/registry";
import { modelListSchema } from "@/lib/models/schemas";
import { serviceToken } from "../support/keycloak";
import { modelsTestBed } from "./support/deps";

/**
 * The registry listing beyond 1,000 models: keyset paging through GET /api/v1/models (cursor, limit) and the
 * dashboard's page function, in every sort order — every model exactly once, in order, pages ending with a
 * null cursor. The rows are written straight into the registry (a listing reads nothing else).
 */

const COUNT = 1234;
let bed: Awaited<ReturnType<typeof modelsTestBed>>;
let token = "";

type Row = { id: string; name: string; state: string; size: number; files: number; lastAccess: number | null; accesses: number; created: number };
let rows: Row[] = [];

beforeAll(async () => {
  bed = await modelsTestBed("list");
  token = await serviceToken();
  const base = Date.parse("2026-11-01T00:00:00Z");
  // Few distinct values per column, so ties (broken by id) cross page boundaries; a third never accessed.
  await db().$executeRaw`
    INSERT INTO models (id, type, name, version, prefix, file_count, total_bytes, state, pinned, last_access_at, access_count, hot_since, created_at, updated_at)
    SELECT ${bed.type} || '.m' || g, ${bed.type}, 'm' || (g % 97), 'v' || g, ${bed.type} || '/m' || g || '/v1/', g % 7, (g % 13) * 1000, (ARRAY['cold','hot','promoting','demoting'])[1 + g % 4], g % 9 = 0,
           CASE WHEN g % 3 = 0 THEN NULL ELSE ${new Date(base)}::timestamptz + ((g % 50) || ' minutes')::interval END,
           g % 11, NULL, ${new Date(base)}::timestamptz + ((g % 200) || ' seconds')::interval, now()
      FROM generate_series(1, ${COUNT}::int) g`;
  const all = await db().model.findMany();
  rows = all.map((m) => ({
    id: m.id,
    name: m.name,
    state: m.state,
    size: Number(m.totalBytes),
    files: m.fileCount,
    lastAccess: m.lastAccessAt?.getTime() ?? null,
    accesses: Number(m.accessCount),
    created: m.createdAt.getTime(),
  }));
}, 120_000);

afterAll(async () => {
  await bed.cleanup();
}, 60_000);

/** What the listing must return: the sort column (never-accessed first ascending), then id (bytewise, as PostgreSQL's C-collated text compares these ASCII ids), both in the direction. */
function expected(sort: ModelSort, desc: boolean, only: (r: Row) => boolean = () => true): string[] {
  const value = (r: Row): number | string => {
    switch (sort) {
      case "name":
        return r.name;
      case "state":
        return r.state;
      case "size":
        return r.size;
      case "files":
        return r.files;
      case "lastAccess":
        return r.lastAccess ?? Number.NEGATIVE_INFINITY;
      case "accesses":
        return r.accesses;
      case "created":
        return r.created;
    }
  };
  const cmp = (a: number | string, b: number | string) => (a < b ? -1 : a > b ? 1 : 0);
  return rows
    .filter(only)
    .sort((a, b) => (desc ? -1 : 1) * (cmp(value(a), value(b)) || cmp(a.id, b.id)))
    .map((r) => r.id);
}

async function collate(sort: ModelSort, desc: boolean) {
  // The database's collation decides text order; compare with what it says for the two text sorts.
  if (sort !== "name" && sort !== "state") return expected(sort, desc);
  const column = sort === "name" ? "name" : "state";
  const ordered = await db().$queryRawUnsafe<{ id: string }[]>(`SELECT id FROM models ORDER BY ${column} ${desc ? "DESC" : "ASC"}, id ${desc ? "DESC" : "ASC"}`);
  return ordered.map((r) => r.id);
}

describe("listing more than 1,000 models", () => {
  test("GET /api/v1/models pages through all of them by cursor, each exactly once", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
      const response = await listRoute.GET(new NextRequest(`http://localhost:3000/api/v1/models${query}`, { headers: { authorization: `Bearer ${token}` } }), {});
      expect(response.status).toBe(200);
      const page = modelListSchema.parse(await response.json());
      expect(page.models.length).toBeLessThanOrEqual(500);
      seen.push(...page.models.map((m) => m.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(COUNT);
    expect(new Set(seen).size).toBe(COUNT);
    expect(seen).toEqual(await collate("name", false));
  });

  test("without a limit a page holds 1,000 and says where the rest begins; a state filter pages too", async () => {
    const first = await listModelsPage(bed.deps(), {});
    expect(first.models).toHaveLength(1000);
    expect(first.nextCursor).not.toBeNull();
    const rest = await listModelsPage(bed.deps(), {}, first.nextCursor!);
    expect(rest.models).toHaveLength(COUNT - 1000);
    expect(rest.nextCursor).toBeNull();

    const hot: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listModelsPage(bed.deps(), { state: "hot", sort: "size", desc: true, limit: 70 }, cursor);
      expect(page.models.every((m) => m.state === "hot")).toBe(true);
      hot.push(...page.models.map((m) => m.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(hot).toEqual(expected("size", true, (r) => r.state === "hot"));
    expect(await countModels(bed.deps(), { state: "hot" })).toBe(hot.length);
  });

  test.each(["name", "state", "size", "files", "lastAccess", "accesses", "created"] as ModelSort[])("sorted by %s, both directions, ties across pages", async (sort) => {
    for (const desc of [false, true]) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await listModelsPage(bed.deps(), { sort, desc, limit: 333 }, cursor);
        seen.push(...page.models.map((m) => m.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual(await collate(sort, desc));
    }
  });

  test("a cursor from another order, or not a cursor at all, is refused with 400", async () => {
    const page = await listModelsPage(bed.deps(), { sort: "size", limit: 10 });
    for (const query of [`?sort=name&cursor=${page.nextCursor}`, "?cursor=bm90LWEtY3Vyc29y", "?limit=1001", "?sort=bogus"]) {
      const response = await listRoute.GET(new NextRequest(`http://localhost:3000/api/v1/models${query}`, { headers: { authorization: `Bearer ${token}` } }), {});
      expect(response.status, query).toBe(400);
    }
  });
});
