import type { Database } from "../db/client.js";
import type { Logger } from "../logger.js";
import type { LinkSigner } from "../subscribers/links.js";
import { queueDueQuestions } from "../subscribers/schedule.js";
import { describeErrorForLog } from "../http/problem.js";
import { processOutbox } from "./outbox.js";
import type { MailTransport } from "./types.js";

export interface MailJobDeps {
  db: Database;
  signer: LinkSigner;
  transport: MailTransport | null; // null: queue only (another process sends)
  from: string;
  now: () => Date;
  logger: Logger;
}

/** One pass of everything mail needs: queue due question mails, then send what the outbox holds. */
export async function runMailJobs(deps: MailJobDeps) {
  const scheduled = await queueDueQuestions({ db: deps.db, signer: deps.signer, now: deps.now(), logger: deps.logger });
  const sent = deps.transport
    ? await processOutbox({ db: deps.db, transport: deps.transport, from: deps.from, now: deps.now, logger: deps.logger })
    : { sent: 0, retried: 0, failed: 0 };
  return { ...scheduled, ...sent };
}

/**
 * Runs mail jobs one at a time: a kick while a pass is running schedules exactly one more pass,
 * so bursts of sign-ups never start overlapping passes.
 */
export function createMailRunner(run: () => Promise<unknown>, logger: Logger) {
  let running: Promise<void> | null = null;
  let again = false;
  const pass = async (): Promise<void> => {
    try {
      await run();
    } catch (err) {
      logger.error("mail pass failed", describeErrorForLog(err));
    }
    if (again) {
      again = false;
      return pass();
    }
  };
  return {
    kick(): Promise<void> {
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
  };
}
