import { expect, test } from "vitest";
import { z } from "zod";
import { readJsonBody, readQuery } from "./input";

// Found by schemathesis: a NUL in a message reached PostgreSQL, which cannot store it, and answered 500.
test("a NUL character anywhere in a JSON body or a query is a 400, not a database error", async () => {
  const schema = z.object({ messages: z.array(z.object({ content: z.string() })) });
  const body = (text: string) => new Request("http://x/api", { method: "POST", body: text, headers: { "content-type": "application/json" } });
  await expect(readJsonBody(body('{"messages":[{"content":"a\\u0000b"}]}'), { schema })).rejects.toMatchObject({ status: 400, message: expect.stringContaining("NUL") });
  await expect(readJsonBody(body('{"a\\u0000":1,"messages":[]}'), { schema })).rejects.toMatchObject({ status: 400 });
  await expect(readJsonBody(body('{"messages":[{"content":"fine \\\\u0000 as text"}]}'), { schema })).resolves.toEqual({ messages: [{ content: "fine \\u0000 as text" }] });
  expect(() => readQuery(new URL("http://x/?q=a%00b"), z.object({ q: z.string() }))).toThrow(/NUL/);
});
