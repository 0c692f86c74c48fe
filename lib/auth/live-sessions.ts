import { EventEmitter } from "node:events";
import pg from "pg";
import { env } from "@/lib/config/env";
import { logger } from "@/lib/log/logger";

/**
 * The sessions this process has verified live, so the gate (lib/auth/gate.ts) does not read PostgreSQL on
 * every request — that read was a third of a request's CPU under load (docs/security.md, "Load") — while an
 * ended session still stops working at once:
 *
 *  - A trigger on `sessions` (migration 20261203052500_sessions_ended_notify) NOTIFYs `strata_session_ended`
 *    with the id whenever a row is deleted or its expiry changes, whoever does it (sign-out, back-channel
 *    logout, a refused refresh, the cleanup job, another replica, an administrator's SQL). This process
 *    LISTENs on a connection of its own and forgets the id when the notice arrives.
 *  - What this process ends itself (lib/auth/sessions.ts) it also forgets synchronously, so a request that
 *    follows its own sign-out cannot be answered from memory before the notice comes back.
 *  - The memory is used only while the connection listens. Notices sent while it is down are lost, so when
 *    it drops everything is forgotten and every request reads the row until it listens again.
 *  - A row read before an ending committed may be remembered only if nothing was forgotten meanwhile: each
 *    read takes a ticket (the count of forgettings), and a stale ticket is refused.
 */

export const SESSION_ENDED_CHANNEL = "strata_session_ended";
// The trigger's payload for a TRUNCATE, which names no rows.
const ALL = "*";
// Bounds memory (a few hundred bytes per session); the oldest entry makes room.
const MAX_ENTRIES = 10_000;
// The notices are what make the memory safe; this only bounds what an unforeseen gap in them could cost.
const MAX_AGE_MS = 60_000;
// While PostgreSQL is down, reconnecting is tried at most this often (by requests, not a timer).
const RETRY_MS = 1_000;

type Entry = { expiresAtMs: number; rememberedAtMs: number };

/** Taken before reading a row, handed to `remember`: null when the memory cannot be trusted now. */
export type Ticket = number | null;

export class LiveSessions extends EventEmitter<{ forgotten: [sid: string] }> {
  readonly #entries = new Map<string, Entry>();
  readonly #connectionString: string;
  #client: pg.Client | null = null;
  #listening = false;
  #lastAttemptMs = -Infinity;
  #forgettings = 0;

  constructor(connectionString: string) {
    super();
    this.#connectionString = connectionString;
  }

  /** The name the listening connection carries in pg_stat_activity (tests end it to simulate a drop). */
  get applicationName(): string {
    return `strata-session-listener-${process.pid}`;
  }

  get listening(): boolean {
    return this.#listening;
  }

  /** Whether `sid` was verified live and nothing has ended it since. Starts listening on first use. */
  has(sid: string): boolean {
    this.#listen();
    if (!this.#listening) return false;
    const entry = this.#entries.get(sid);
    if (!entry) return false;
    const now = Date.now();
    if (entry.expiresAtMs > now && now - entry.rememberedAtMs < MAX_AGE_MS) return true;
    this.#entries.delete(sid);
    return false;
  }

  ticket(): Ticket {
    return this.#listening ? this.#forgettings : null;
  }

  /** Remembers a row read after `ticket` was taken, unless something was forgotten or the listener dropped since. */
  remember(sid: string, expiresAt: Date, ticket: Ticket): void {
    if (ticket === null || !this.#listening || ticket !== this.#forgettings) return;
    if (this.#entries.size >= MAX_ENTRIES) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(sid, { expiresAtMs: expiresAt.getTime(), rememberedAtMs: Date.now() });
  }

  /** Forgets one session (or all, with "*"); in-flight reads taken before this can no longer be remembered. */
  forget(sid: string): void {
    this.#forgettings += 1;
    if (sid === ALL) this.#entries.clear();
    else this.#entries.delete(sid);
    this.emit("forgotten", sid);
  }

  #listen(): void {
    if (this.#client || Date.now() - this.#lastAttemptMs < RETRY_MS) return;
    this.#lastAttemptMs = Date.now();
    const client = new pg.Client({ connectionString: this.#connectionString, application_name: this.applicationName });
    this.#client = client;
    const drop = (error?: unknown) => {
      if (this.#client !== client) return;
      this.#client = null;
      if (this.#listening) logger().warn({ err: error }, "stopped listening for ended sessions; reading every session from PostgreSQL until it is back");
      this.#listening = false;
      this.forget(ALL);
      client.end().catch(() => {});
    };
    client.on("error", drop);
    client.on("end", () => drop());
    client.on("notification", (notice) => {
      if (notice.channel === SESSION_ENDED_CHANNEL && notice.payload) this.forget(notice.payload);
    });
    client
      .connect()
      .then(() => client.query(`LISTEN ${SESSION_ENDED_CHANNEL}`))
      .then(() => {
        if (this.#client === client) this.#listening = true;
      }, drop);
  }
}

// One per process, shared by every server bundle: the gate (proxy) and the sign-out and back-channel route
// handlers are bundled separately by Next.js, and must see the same memory.
const KEY = Symbol.for("strata.live-sessions");
const holder = globalThis as unknown as { [KEY]?: LiveSessions };

export function liveSessions(): LiveSessions {
  holder[KEY] ??= new LiveSessions(env().DATABASE_URL);
  return holder[KEY];
}
