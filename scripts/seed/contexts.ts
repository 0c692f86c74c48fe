import { env } from "../../lib/config/env";
import type { ContextInput, ContextKey, Tier } from "../../lib/contexts/schemas";
import { contextStore } from "../../lib/contexts/store";

/**
 * A few recognisable conversations for demos and the Playwright test, in the tier each is meant to be in.
 * Safe to run any number of times (`npx tsx scripts/seed/contexts.ts`): a missing conversation is written,
 * an existing one is left as it is and only moved back to its intended tier.
 */

type Seed = { key: ContextKey; tier: Exclude<Tier, "hot">; context: ContextInput };

const at = (daysAgo: number, minute: number) => new Date(Date.now() - daysAgo * 86_400_000 + minute * 60_000).toISOString();

export const seeds: Seed[] = [
  {
    key: { userId: "seed-ada", conversationId: "seed-quokka-migration" },
    tier: "warm",
    context: {
      title: "Quokka cluster migration plan",
      model: "llama3.1:70b",
      tags: ["infra", "seed"],
      metadata: { source: "open-webui", seed: true },
      messages: [
        { role: "system", content: "You are a careful platform engineer. Answer with concrete steps." },
        { role: "user", content: "We need to move the **quokka** cluster to the new racks this weekend. What is the order of operations?", createdAt: at(2, 0) },
        {
          role: "assistant",
          content:
            "1. Drain the quokka workers one at a time.\n2. Snapshot the vector collections.\n3. Move PostgreSQL last, after a final `pg_dump`:\n\n```bash\npg_dump --format=custom --file=quokka.dump strata\n```\n\nKeep the old racks powered until the smoke tests pass.",
          createdAt: at(2, 1),
          tokens: { prompt: 58, completion: 71, total: 129 },
        },
        { role: "user", content: "How long should the quokka snapshot window be?", createdAt: at(2, 3) },
        { role: "assistant", content: "Plan for **45 minutes**: the largest collection took 31 minutes last time.", createdAt: at(2, 4) },
      ],
    },
  },
  {
    key: { userId: "seed-grace", conversationId: "seed-vector-tuning" },
    tier: "warm",
    context: {
      title: "Tuning HNSW for the support corpus",
      model: "mistral-small",
      tags: ["search", "seed"],
      metadata: { source: "agent", seed: true },
      messages: [
        { role: "user", content: "Recall dropped after we raised m to 32. Should ef_construct go up too?", createdAt: at(5, 0) },
        {
          role: "assistant",
          content: "",
          toolCalls: [{ id: "call_1", type: "function", function: { name: "collection_info", arguments: '{"collection":"support"}' } }],
          createdAt: at(5, 1),
        },
        { role: "tool", content: '{"points": 1204331, "hnsw": {"m": 32, "ef_construct": 100}}', toolCallId: "call_1", createdAt: at(5, 1) },
        { role: "assistant", content: "Yes: with `m = 32`, use `ef_construct` of at least 200 and rebuild the index.", createdAt: at(5, 2) },
      ],
    },
  },
  {
    key: { userId: "seed-ada", conversationId: "seed-sourdough-levain" },
    tier: "cold",
    context: {
      title: "Sourdough levain schedule",
      model: "llama3.1:8b",
      tags: ["personal", "seed"],
      metadata: { seed: true },
      messages: [
        { role: "user", content: "When should I feed the levain if I bake at 9 am?", createdAt: at(40, 0) },
        { role: "assistant", content: "Feed it at 9 pm the night before, 1:5:5, and keep it near 24 °C.", createdAt: at(40, 1) },
      ],
    },
  },
];

export async function seedContexts(): Promise<string[]> {
  const store = contextStore();
  const report: string[] = [];
  for (const seed of seeds) {
    const existing = await store.inspect(seed.key);
    const name = `${seed.key.userId}/${seed.key.conversationId}`;
    if (!existing) await store.put(seed.key, seed.context);
    const tier = existing?.tier === "cold" ? "cold" : "warm";
    if (seed.tier === "cold" && tier !== "cold") await store.archive(seed.key, "seed");
    if (seed.tier === "warm" && tier === "cold") await store.restore(seed.key, "seed");
    report.push(`${name}: ${existing ? "kept" : "written"}, ${seed.tier}`);
  }
  return report;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  env();
  try {
    for (const line of await seedContexts()) console.log(`contexts: ${line}`);
    process.exit(0);
  } catch (error) {
    console.error(`could not seed contexts: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
