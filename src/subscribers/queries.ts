import { type SQL, sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import type { RenderedMail } from "../mail/types.js";
import type { Preferences } from "./schemas.js";

// Every state change and the mail it causes are written in one atomic batch (the outbox pattern):
// either both happen or neither, so a mail is never lost and never queued twice.

export type SubscriberStatus = "pending" | "confirmed" | "unsubscribed";

export interface SubscriberRow {
  id: string;
  email: string;
  status: SubscriberStatus;
  categories: string;
  companies: string;
  frequency: Preferences["frequency"];
  confirm_expires_at: string | null;
  next_question_at: string | null;
}

export interface QueuedMail extends RenderedMail {
  dedupeKey: string;
  kind: "confirmation" | "welcome" | "question";
  headers: Record<string, string>;
}

/** INSERT of one outbox row, addressed to the subscriber selected by `where`; nothing when it selects nobody. */
function queueMail(mail: QueuedMail, now: string, where: SQL): SQL {
  return sql`
    INSERT INTO outbox (dedupe_key, subscriber_id, kind, to_address, subject, text, html, headers, status, attempts, next_attempt_at, created_at)
    SELECT ${mail.dedupeKey}, id, ${mail.kind}, email, ${mail.subject}, ${mail.text}, ${mail.html}, ${JSON.stringify(mail.headers)}, 'pending', 0, ${now}, ${now}
    FROM subscribers WHERE ${where}
    ON CONFLICT (dedupe_key) DO NOTHING`;
}

export async function findSubscriberIdByKey(db: Database, key: string): Promise<string | null> {
  const [row] = await db.all<{ id: string }>(sql`SELECT id FROM subscribers WHERE email_key = ${key}`);
  return row?.id ?? null;
}

export async function findSubscriber(db: Database, id: string): Promise<SubscriberRow | null> {
  const [row] = await db.all<SubscriberRow>(sql`
    SELECT id, email, status, categories, companies, frequency, confirm_expires_at, next_question_at FROM subscribers WHERE id = ${id}`);
  return row ?? null;
}

export async function findSubscriberByConfirmHash(db: Database, hash: string): Promise<SubscriberRow | null> {
  const [row] = await db.all<SubscriberRow>(sql`
    SELECT id, email, status, categories, companies, frequency, confirm_expires_at, next_question_at FROM subscribers WHERE confirm_token_hash = ${hash}`);
  return row ?? null;
}

export interface SignUp {
  id: string; // used only when the address is new
  email: string;
  key: string;
  preferences: Preferences;
  source: string;
  now: Date;
  /** At most one confirmation mail per this many seconds... */
  gapSeconds: number;
  /** ...and at most `mails` of them per `windowSeconds`. */
  cap: { mails: number; windowSeconds: number };
  confirmHash: string;
  confirmExpiresAt: string;
  mail: QueuedMail;
}

/**
 * Records a sign-up. A new or unsubscribed address becomes pending; a pending one gets a new
 * confirmation mail at most once per gap and a few times per cap window; a confirmed one is left as it is (a stranger cannot
 * change its preferences). Returns whether a mail was queued — for the caller's logs only: the
 * HTTP answer is the same either way.
 */
export async function signUp(db: Database, s: SignUp): Promise<boolean> {
  const now = s.now.toISOString();
  const gapStart = new Date(s.now.getTime() - s.gapSeconds * 1000).toISOString();
  const capStart = new Date(s.now.getTime() - s.cap.windowSeconds * 1000).toISOString();
  // This subscriber's confirmation mails, found through the unique index on their dedupe keys.
  const confirmations = sql`SELECT count(*) FROM outbox
        WHERE dedupe_key >= ${`confirmation:${s.id}:`} AND dedupe_key < ${`confirmation:${s.id};`} AND created_at > ${capStart}`;
  const [, token, mail] = await db.batch([
    db.run(sql`
      INSERT INTO subscribers (id, email_key, email, status, categories, companies, frequency, consent_at, consent_source, created_at, updated_at)
      VALUES (${s.id}, ${s.key}, ${s.email}, 'pending', ${JSON.stringify(s.preferences.categories)}, ${JSON.stringify(s.preferences.companies)},
              ${s.preferences.frequency}, ${now}, ${s.source}, ${now}, ${now})
      ON CONFLICT (email_key) DO UPDATE SET
        status = CASE WHEN subscribers.status = 'unsubscribed' THEN 'pending' ELSE subscribers.status END,
        email = CASE WHEN subscribers.status = 'confirmed' THEN subscribers.email ELSE excluded.email END,
        categories = CASE WHEN subscribers.status = 'confirmed' THEN subscribers.categories ELSE excluded.categories END,
        companies = CASE WHEN subscribers.status = 'confirmed' THEN subscribers.companies ELSE excluded.companies END,
        frequency = CASE WHEN subscribers.status = 'confirmed' THEN subscribers.frequency ELSE excluded.frequency END,
        consent_at = CASE WHEN subscribers.status = 'confirmed' THEN subscribers.consent_at ELSE excluded.consent_at END,
        consent_source = CASE WHEN subscribers.status = 'confirmed' THEN subscribers.consent_source ELSE excluded.consent_source END,
        updated_at = excluded.updated_at`),
    db.run(sql`
      UPDATE subscribers SET confirm_token_hash = ${s.confirmHash}, confirm_expires_at = ${s.confirmExpiresAt}, confirm_sent_at = ${now}
      WHERE email_key = ${s.key} AND id = ${s.id} AND status = 'pending'
        AND (confirm_sent_at IS NULL OR confirm_sent_at <= ${gapStart})
        AND (${confirmations}) < ${s.cap.mails}`),
    db.run(queueMail(s.mail, now, sql`email_key = ${s.key} AND confirm_token_hash = ${s.confirmHash}`)),
  ]);
  return token.rowsAffected === 1 && mail.rowsAffected === 1;
}

/** Confirms a pending subscriber and queues the welcome mail, once. */
export async function confirmSubscriber(db: Database, id: string, now: Date, firstQuestionAt: string | null, welcome: QueuedMail): Promise<void> {
  const at = now.toISOString();
  await db.batch([
    db.run(sql`
      UPDATE subscribers SET status = 'confirmed', confirmed_at = ${at}, next_question_at = ${firstQuestionAt}, updated_at = ${at}
      WHERE id = ${id} AND status = 'pending' AND confirm_expires_at > ${at}`),
    db.run(queueMail(welcome, at, sql`id = ${id} AND status = 'confirmed'`)),
  ]);
}

/** Unsubscribes and cancels mail not yet sent. Harmless to repeat, and for an unknown id. */
export async function unsubscribeSubscriber(db: Database, id: string, now: Date): Promise<void> {
  const at = now.toISOString();
  await db.batch([
    db.run(sql`
      UPDATE subscribers SET status = 'unsubscribed', unsubscribed_at = COALESCE(unsubscribed_at, ${at}), next_question_at = NULL, updated_at = ${at}
      WHERE id = ${id} AND status != 'unsubscribed'`),
    db.run(sql`UPDATE outbox SET status = 'failed', last_error = 'unsubscribed before sending' WHERE subscriber_id = ${id} AND status = 'pending'`),
  ]);
}

export async function updatePreferences(db: Database, id: string, preferences: Preferences, nextQuestionAt: string | null, now: Date): Promise<void> {
  await db.run(sql`
    UPDATE subscribers SET categories = ${JSON.stringify(preferences.categories)}, companies = ${JSON.stringify(preferences.companies)},
      frequency = ${preferences.frequency}, next_question_at = ${nextQuestionAt}, updated_at = ${now.toISOString()}
    WHERE id = ${id} AND status != 'unsubscribed'`);
}

export function preferencesOf(row: SubscriberRow): Preferences {
  return { categories: JSON.parse(row.categories) as string[], companies: JSON.parse(row.companies) as string[], frequency: row.frequency };
}

const DAY_MS = 86_400_000;

/** When the next question mail is due after `from`, or null for frequency none. */
export function nextQuestionTime(frequency: Preferences["frequency"], from: Date): string | null {
  if (frequency === "none") return null;
  return new Date(from.getTime() + (frequency === "daily" ? 1 : 7) * DAY_MS).toISOString();
}

export interface DueSubscriber {
  id: string;
  email: string;
  categories: string;
  companies: string;
  frequency: Preferences["frequency"];
  next_question_at: string;
}

export async function listDueSubscribers(db: Database, now: Date, limit: number): Promise<DueSubscriber[]> {
  return db.all<DueSubscriber>(sql`
    SELECT id, email, categories, companies, frequency, next_question_at FROM subscribers
    WHERE status = 'confirmed' AND frequency != 'none' AND next_question_at IS NOT NULL AND next_question_at <= ${now.toISOString()}
    ORDER BY next_question_at LIMIT ${limit}`);
}

/** A question this subscriber has not had, honouring their categories and companies, in a per-subscriber order. */
export async function pickUnsentQuestion(db: Database, subscriber: DueSubscriber, salt: number): Promise<number | null> {
  const categories = JSON.parse(subscriber.categories) as string[];
  const companies = JSON.parse(subscriber.companies) as string[];
  const where: SQL[] = [sql`q.id NOT IN (SELECT question_id FROM deliveries WHERE subscriber_id = ${subscriber.id})`];
  if (categories.length)
    where.push(
      sql`q.category_slug IN (${sql.join(
        categories.map((c) => sql`${c}`),
        sql`, `,
      )})`,
    );
  if (companies.length) {
    where.push(
      sql`EXISTS (SELECT 1 FROM question_companies qc WHERE qc.question_id = q.id AND qc.company_slug IN (${sql.join(
        companies.map((c) => sql`${c}`),
        sql`, `,
      )}))`,
    );
  }
  const [row] = await db.all<{ id: number }>(sql`
    SELECT q.id FROM questions q WHERE ${sql.join(where, sql` AND `)}
    ORDER BY (q.id * 2654435761 + ${salt}) % 4294967296 LIMIT 1`);
  return row?.id ?? null;
}

/**
 * Records that the question is sent and queues its mail, in one batch guarded by the due time
 * read before, so two schedulers running at once cannot both deliver.
 */
export async function recordQuestionDelivery(db: Database, s: DueSubscriber, questionId: number, now: Date, mail: QueuedMail): Promise<boolean> {
  const at = now.toISOString();
  const next = nextQuestionTime(s.frequency, now);
  const [claimed] = await db.batch([
    db.run(sql`UPDATE subscribers SET next_question_at = ${next}, updated_at = ${at}
               WHERE id = ${s.id} AND status = 'confirmed' AND next_question_at = ${s.next_question_at}`),
    db.run(sql`INSERT INTO deliveries (subscriber_id, question_id, sent_at)
               SELECT ${s.id}, ${questionId}, ${at} WHERE changes() = 1
               ON CONFLICT DO NOTHING`),
    db.run(
      queueMail(
        mail,
        at,
        sql`id = ${s.id} AND EXISTS (SELECT 1 FROM deliveries WHERE subscriber_id = ${s.id} AND question_id = ${questionId} AND sent_at = ${at})`,
      ),
    ),
  ]);
  return claimed.rowsAffected === 1;
}

/** Nothing left to send: stop scheduling until preferences change or new questions arrive. */
export async function pauseSubscriber(db: Database, s: DueSubscriber, now: Date): Promise<void> {
  await db.run(
    sql`UPDATE subscribers SET next_question_at = ${nextQuestionTime(s.frequency, now)} WHERE id = ${s.id} AND next_question_at = ${s.next_question_at}`,
  );
}
