import type { Database } from "../db/client.js";
import { describeErrorForLog } from "../http/problem.js";
import type { Logger } from "../logger.js";
import type { LinkSigner } from "../subscribers/links.js";
import { queueDueQuestions } from "../subscribers/schedule.js";
import { processOutbox } from "./outbox.js";
import type { MailTransport } from "./types.js";

export interface MailJobDeps {
  db: Database;
  signer: LinkSigner;
  transport: MailTransport | null; // null: queue only (another process sends)
  from: string;
  now: () => Date;
  logger: Logger;
  /** MAIL_CLAIM_TIMEOUT_SECONDS in ms; see processOutbox. */
  claimTimeoutMs?: number;
}

/** Signals a long-running process hands a pass: see OutboxDeps.stop and OutboxDeps.abort. */
export interface MailPassSignals {
  stop?: AbortSignal;
  abort?: AbortSignal;
}

/** One pass of everything mail needs: queue due question mails, then send what the outbox holds. */
export async function runMailJobs(deps: MailJobDeps, signals: MailPassSignals = {}) {
  const scheduled = await queueDueQuestions({ db: deps.db, signer: deps.signer, now: deps.now(), logger: deps.logger });
  const sent = deps.transport
    ? await processOutbox({
        db: deps.db,
        transport: deps.transport,
        from: deps.from,
        now: deps.now,
        logger: deps.logger,
        ...(deps.claimTimeoutMs !== undefined ? { claimTimeoutMs: deps.claimTimeoutMs } : {}),
        ...signals,
      })
    : { sent: 0, retried: 0, failed: 0 };
  return { ...scheduled, ...sent };
}

/**
 * Runs mail jobs one at a time: a kick while a pass is running schedules exactly one more pass,
 * so bursts of sign-ups never start overlapping passes. For shutdown: drain() lets the pass in
 * progress finish its batch and starts no other; abort() also cuts that batch short (its unsent
 * mails go back to the outbox).
 */
export function createMailRunner(run: (signals: Required<MailPassSignals>) => Promise<unknown>, logger: Logger) {
  let running: Promise<void> | null = null;
  let again = false;
  const stop = new AbortController();
  const abort = new AbortController();
  const pass = async (): Promise<void> => {
    try {
      await run({ stop: stop.signal, abort: abort.signal });
    } catch (err) {
      logger.error("mail pass failed", describeErrorForLog(err));
    }
    if (again && !stop.signal.aborted) {
      again = false;
      return pass();
    }
  };
  return {
    kick(): Promise<void> {
      if (stop.signal.aborted) return running ?? Promise.resolve();
      if (running) {
        again = true;
        return running;
      }
      running = pass().finally(() => {
        running = null;
      });
      return running;
    },
    idle(): Promise<void> {
      return running ?? Promise.resolve();
    },
    /** True while a pass runs. */
    busy(): boolean {
      return running !== null;
    },
    drain(): Promise<void> {
      stop.abort();
      return running ?? Promise.resolve();
    },
    abort(): Promise<void> {
      stop.abort();
      abort.abort(new Error("interrupted by shutdown"));
      return running ?? Promise.resolve();
    },
  };
}
