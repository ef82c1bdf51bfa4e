import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import type { Logger } from "../logger.js";
import { maskAddress } from "../subscribers/address.js";
import type { MailTransport } from "./types.js";

// Sends what the outbox holds. Any number of processes and Worker isolates may run this at once:
// rows are claimed with one atomic UPDATE, and every later write is conditioned on the claim.

/**
 * A 'sending' row whose claim is older than this belongs to a worker that crashed or was killed; it
 * is sent again. The claim is renewed right before each send and every send is cut off at half of
 * this (at most MAX_SEND_MS), so a live worker's claim never expires under it.
 */
export const DEFAULT_CLAIM_TIMEOUT_MS = 5 * 60_000;
const MIN_CLAIM_TIMEOUT_MS = 2_000;
const MAX_SEND_MS = 60_000;
const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 6 * 3600_000;
const MAX_ERROR_LENGTH = 500;

export interface OutboxDeps {
  db: Database;
  transport: MailTransport;
  from: string;
  now: () => Date;
  logger: Logger;
  batchSize?: number;
  maxAttempts?: number;
  /** See DEFAULT_CLAIM_TIMEOUT_MS; at least 2 s. */
  claimTimeoutMs?: number;
  /** Aborted: finish the batch being sent, claim no other (a graceful shutdown). */
  stop?: AbortSignal;
  /** Aborted: cut the send in flight and give the batch's unsent mails back to the outbox, unchanged. */
  abort?: AbortSignal;
}

/** How long one send may take before it is cut off: half the claim timeout, at most a minute. */
export function sendTimeoutMs(claimTimeoutMs: number): number {
  return Math.min(MAX_SEND_MS, Math.floor(claimTimeoutMs / 2));
}

interface OutboxRow {
  id: number;
  kind: string;
  to_address: string;
  subject: string;
  text: string;
  html: string;
  headers: string;
  attempts: number;
}

/** Delay before attempt n+1 after n failures: 30 s, 1 min, 2 min, … capped at 6 h, plus up to 10% jitter. */
function retryDelayMs(failures: number): number {
  const delay = Math.min(BASE_DELAY_MS * 2 ** (failures - 1), MAX_DELAY_MS);
  // Jitter spreads retries of a burst that failed together (e.g. a provider outage).
  return Math.round(delay * (1 + Math.random() * 0.1));
}

/** Transport errors often quote the recipient (SMTP 550 replies do): mask every address before logging. */
function maskAddresses(text: string): string {
  return text.replace(/[^\s<>"'(),;:@]+@[^\s<>"'(),;:@]+/g, (address) => maskAddress(address));
}

async function claimBatch(db: Database, now: Date, batchSize: number, claimTimeoutMs: number): Promise<{ claimId: string; rows: OutboxRow[] }> {
  const claimId = crypto.randomUUID();
  const at = now.toISOString();
  const staleBefore = new Date(now.getTime() - claimTimeoutMs).toISOString();
  // One statement: SQLite runs it under the write lock, so two workers can never claim the same row.
  await db.run(sql`
    UPDATE outbox SET status = 'sending', claim_id = ${claimId}, claimed_at = ${at}
    WHERE id IN (
      SELECT id FROM outbox
      WHERE (status = 'pending' AND next_attempt_at <= ${at}) OR (status = 'sending' AND claimed_at <= ${staleBefore})
      ORDER BY next_attempt_at, id
      LIMIT ${batchSize})`);
  const rows = await db.all<OutboxRow>(sql`
    SELECT id, kind, to_address, subject, text, html, headers, attempts FROM outbox WHERE claim_id = ${claimId} ORDER BY id`);
  return { claimId, rows };
}

/** Hands one row to the transport; the failure's message (truncated for storage), or null when it was accepted. */
async function deliver(transport: MailTransport, row: OutboxRow, from: string, signal: AbortSignal): Promise<string | null> {
  try {
    const headers = JSON.parse(row.headers) as Record<string, string>;
    const sending = transport.send(
      { id: String(row.id), from, to: row.to_address, subject: row.subject, text: row.text, html: row.html, headers },
      { signal },
    );
    // Also for a transport that ignores the signal: the pass goes on when the deadline passes.
    await Promise.race([
      sending,
      new Promise<never>((_, reject) => {
        const fail = () => reject(signal.reason);
        if (signal.aborted) fail();
        else signal.addEventListener("abort", fail, { once: true });
      }),
    ]);
    return null;
  } catch (err) {
    return (err instanceof Error ? err.message : String(err)).slice(0, MAX_ERROR_LENGTH);
  }
}

export async function processOutbox({
  db,
  transport,
  from,
  now,
  logger,
  batchSize = 20,
  maxAttempts = 8,
  claimTimeoutMs = DEFAULT_CLAIM_TIMEOUT_MS,
  stop,
  abort,
}: OutboxDeps): Promise<{ sent: number; retried: number; failed: number }> {
  if (!(claimTimeoutMs >= MIN_CLAIM_TIMEOUT_MS)) throw new RangeError(`claimTimeoutMs must be at least ${MIN_CLAIM_TIMEOUT_MS}`);
  const perSendMs = sendTimeoutMs(claimTimeoutMs);
  const result = { sent: 0, retried: 0, failed: 0 };
  while (!stop?.aborted && !abort?.aborted) {
    const { claimId, rows } = await claimBatch(db, now(), batchSize, claimTimeoutMs);
    for (const row of rows) {
      if (abort?.aborted) break;
      // Renew the claim right before sending, so staleness measures one send, not a whole slow batch.
      const renewed = await db.run(sql`
        UPDATE outbox SET claimed_at = ${now().toISOString()} WHERE id = ${row.id} AND claim_id = ${claimId} AND status = 'sending'`);
      if (renewed.rowsAffected === 0) continue; // another worker took it over while this one stalled
      const deadline = new AbortController();
      const timer = setTimeout(() => deadline.abort(new Error(`no answer within ${perSendMs / 1000} s, send cut off`)), perSendMs);
      const error = await deliver(transport, row, from, abort ? AbortSignal.any([deadline.signal, abort]) : deadline.signal).finally(() =>
        clearTimeout(timer),
      );
      if (error === null) {
        await db.run(sql`
          UPDATE outbox SET status = 'sent', sent_at = ${now().toISOString()}, last_error = NULL
          WHERE id = ${row.id} AND claim_id = ${claimId}`);
        result.sent++;
        continue;
      }
      if (abort?.aborted) break; // not a failure of the mail: it goes back below, attempts unchanged
      const attempts = row.attempts + 1;
      const giveUp = attempts >= maxAttempts;
      const nextAttemptAt = new Date(now().getTime() + (giveUp ? 0 : retryDelayMs(attempts))).toISOString();
      await db.run(sql`
        UPDATE outbox SET status = ${giveUp ? "failed" : "pending"}, attempts = ${attempts}, last_error = ${error}, next_attempt_at = ${nextAttemptAt}
        WHERE id = ${row.id} AND claim_id = ${claimId}`);
      const fields = {
        outboxId: row.id,
        kind: row.kind,
        to: maskAddress(row.to_address),
        transport: transport.name,
        attempts,
        error: maskAddresses(error),
      };
      if (giveUp) {
        result.failed++;
        logger.error("mail failed for good", fields);
      } else {
        result.retried++;
        logger.warn("mail send failed, will retry", { ...fields, nextAttemptAt });
      }
    }
    if (abort?.aborted) {
      // The interrupted mail and those not tried yet are due again at once, for the next pass or process.
      const released = await db.run(sql`
        UPDATE outbox SET status = 'pending', claim_id = NULL, claimed_at = NULL
        WHERE claim_id = ${claimId} AND status = 'sending'`);
      logger.warn("mail sending interrupted, unsent mails are back in the outbox", { released: released.rowsAffected, transport: transport.name });
      break;
    }
    // A short batch means nothing else was due; a full one may have left more behind.
    if (rows.length < batchSize) break;
  }
  if (result.sent || result.retried || result.failed) logger.info("outbox processed", { ...result, transport: transport.name });
  return result;
}

export async function outboxHealth(
  db: Database,
  now: Date,
): Promise<{ pending: number; sending: number; sent: number; failed: number; oldestPendingSeconds: number | null }> {
  const counts = await db.all<{ status: string; count: number; oldest: string | null }>(sql`
    SELECT status, COUNT(*) AS count, MIN(created_at) AS oldest FROM outbox GROUP BY status`);
  const of = (status: string) => counts.find((c) => c.status === status);
  const oldest = of("pending")?.oldest;
  return {
    pending: of("pending")?.count ?? 0,
    sending: of("sending")?.count ?? 0,
    sent: of("sent")?.count ?? 0,
    failed: of("failed")?.count ?? 0,
    oldestPendingSeconds: oldest ? Math.max(0, Math.floor((now.getTime() - Date.parse(oldest)) / 1000)) : null,
  };
}
