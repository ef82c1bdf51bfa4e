import type { Database } from "../db/client.js";
import type { Logger } from "../logger.js";
import { renderQuestionMail } from "../mail/templates.js";
import { questionPageUrl } from "../questions/links.js";
import { findQuestion } from "../questions/queries.js";
import { hash32 } from "../questions/shuffle.js";
import { type LinkSigner, listHeaders, subscriberLink } from "./links.js";
import { listDueSubscribers, pauseSubscriber, pickUnsentQuestion, recordQuestionDelivery } from "./queries.js";

// The question-mail schedule: run by a timer and `npm run send-due` on Node, by a Cron Trigger on
// Workers. Each run queues at most one question per due subscriber; the outbox sends them.

export interface ScheduleDeps {
  db: Database;
  signer: LinkSigner;
  now: Date;
  logger: Logger;
  batchSize?: number;
}

export async function queueDueQuestions({ db, signer, now, logger, batchSize = 200 }: ScheduleDeps): Promise<{ queued: number; exhausted: number }> {
  let queued = 0;
  let exhausted = 0;
  for (const subscriber of await listDueSubscribers(db, now, batchSize)) {
    const questionId = await pickUnsentQuestion(db, subscriber, hash32(subscriber.id));
    if (questionId === null) {
      exhausted++;
      await pauseSubscriber(db, subscriber, now);
      continue;
    }
    const question = await findQuestion(db, String(questionId));
    if (!question) continue;
    const mail = renderQuestionMail({
      question,
      // Pages for people (the JSON is for programs): the question's page, with its answer open.
      pageUrl: (slug) => questionPageUrl(signer.publicUrl, slug),
      preferencesUrl: await subscriberLink(signer, "preferences", subscriber.id),
      unsubscribeUrl: await subscriberLink(signer, "unsubscribe", subscriber.id),
    });
    const delivered = await recordQuestionDelivery(db, subscriber, questionId, now, {
      ...mail,
      dedupeKey: `question:${subscriber.id}:${questionId}`,
      kind: "question",
      headers: await listHeaders(signer, subscriber.id),
    });
    if (delivered) queued++;
  }
  if (queued || exhausted) logger.info("question mails queued", { queued, exhausted });
  return { queued, exhausted };
}
