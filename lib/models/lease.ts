import type { ModelDeps } from "./deps";

/**
 * A runner's hold on a move. Every report of progress extends the lease and reads back the move's status in
 * the same statement, so a cancel request is seen within one part, and a runner that lost its lease (it
 * stalled and another runner took the move over: `attempts` moved on) stops instead of racing the new one.
 */

export class MoveCanceled extends Error {
  constructor() {
    super("The move was canceled.");
    this.name = "MoveCanceled";
  }
}

export class LeaseLost extends Error {
  constructor(moveId: bigint) {
    super(`Move ${moveId} was taken over by another runner.`);
    this.name = "LeaseLost";
  }
}

export type Lease = {
  moveId: bigint;
  attempt: number;
  /** Records a copied part and its bytes in one statement (so progress and parts never disagree after a kill). */
  part(path: string, partNumber: number, etag: string, bytes: number): Promise<void>;
  /** Marks a file copied and verified, adding `bytes` (those not already counted by its parts). */
  fileDone(path: string, bytes: number): Promise<void>;
  /** Extends the lease and checks for a cancel request. */
  beat(): Promise<void>;
};

export function holdLease(deps: Pick<ModelDeps, "sql" | "clock" | "config">, moveId: bigint, attempt: number): Lease {
  const until = () => new Date(deps.clock().getTime() + deps.config.leaseSeconds * 1000);
  const check = ({ rows }: { rows: { status: string }[] }) => {
    const status = rows[0]?.status;
    if (status === undefined) throw new LeaseLost(moveId);
    if (status === "canceling") throw new MoveCanceled();
  };
  const id = moveId.toString();
  return {
    moveId,
    attempt,
    async part(path, partNumber, etag, bytes) {
      check(
        await deps.sql.query(
          `WITH p AS (
             INSERT INTO model_move_parts (move_id, path, part_number, etag, bytes) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT DO NOTHING RETURNING bytes)
           UPDATE model_moves SET bytes_done = bytes_done + coalesce((SELECT sum(bytes) FROM p), 0), lease_until = $6
            WHERE id = $1 AND attempts = $7 RETURNING status`,
          [id, path, partNumber, etag, bytes, until(), attempt],
        ),
      );
    },
    async fileDone(path, bytes) {
      check(
        await deps.sql.query(
          `WITH f AS (UPDATE model_move_files SET done = true WHERE move_id = $1 AND path = $2 AND NOT done RETURNING path)
           UPDATE model_moves SET bytes_done = bytes_done + CASE WHEN EXISTS (SELECT 1 FROM f) THEN $3::bigint ELSE 0 END, lease_until = $4
            WHERE id = $1 AND attempts = $5 RETURNING status`,
          [id, path, bytes, until(), attempt],
        ),
      );
    },
    async beat() {
      check(await deps.sql.query(`UPDATE model_moves SET lease_until = $2 WHERE id = $1 AND attempts = $3 RETURNING status`, [id, until(), attempt]));
    },
  };
}
