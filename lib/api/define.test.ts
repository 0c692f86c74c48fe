import { z } from "zod";
import { describe, expect, test } from "vitest";
import { operationGroup } from "./define";

const api = operationGroup("things");
const thing = api.byId({ params: z.object({ id: z.string() }), notFound: "No such thing." });

describe("operationGroup", () => {
  test("fills in the tag and bearer auth; an explicit auth wins", () => {
    expect(api.post("makeThing", "/things", { summary: "s", responses: { 201: { description: "Made." } } })).toEqual({
      id: "makeThing",
      method: "post",
      path: "/things",
      tag: "things",
      auth: "bearer",
      summary: "s",
      responses: { 201: { description: "Made." } },
    });
    expect(api.get("open", "/open", { summary: "s", auth: "none", responses: {} }).auth).toBe("none");
  });

  test("byId adds the params and the resource's 404, which an operation may override", () => {
    const read = thing.get("readThing", "/things/{id}", { summary: "s", responses: { 200: { description: "The thing." } } });
    expect(read.params.parse({ id: "a" })).toEqual({ id: "a" });
    expect(read.responses).toEqual({ 200: { description: "The thing." }, 404: { description: "No such thing." } });
    expect(thing.delete("dropThing", "/things/{id}", { summary: "s", responses: { 404: { description: "Gone already." } } }).responses[404]).toEqual({ description: "Gone already." });
  });

  test("list answers 200 with the page schema, described 'One page.' unless told", () => {
    const page = z.object({ items: z.array(z.string()) });
    expect(api.list("listThings", "/things", { summary: "s", page }).responses).toEqual({ 200: { description: "One page.", schema: page } });
    expect(api.list("allThings", "/all", { summary: "s", page, pageDescription: "All.", responses: { 503: { description: "Down." } } }).responses).toEqual({
      200: { description: "All.", schema: page },
      503: { description: "Down." },
    });
  });

  test("refuses a path whose {parameters} differ from the params schema", () => {
    expect(() => thing.get("bad", "/things/{name}", { summary: "s", responses: {} })).toThrow(/names \{name\} but its params schema has id/);
    expect(() => api.get("bad2", "/things/{id}", { summary: "s", responses: {} })).toThrow(/params schema has none/);
  });
});
