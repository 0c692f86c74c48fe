import { PrismaPg } from "@prisma/adapter-pg";
import { env } from "@/lib/config/env";
import { PrismaClient } from "@/lib/generated/prisma/client";

export type { PrismaClient };

// One client per process; Next's dev server reloads modules, so the instance lives on globalThis.
const holder = globalThis as unknown as { strataPrisma?: PrismaClient };

export function db(): PrismaClient {
  holder.strataPrisma ??= new PrismaClient({ adapter: new PrismaPg({ connectionString: env().DATABASE_URL }) });
  return holder.strataPrisma;
}
