import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Client, createClient } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeConfigError, nodeConfigSchema } from "../src/config.js";
import { createDatabase } from "../src/db/client.js";
import { createLogger } from "../src/logger.js";
import { processOutbox } from "../src/mail/outbox.js";
import type { MailTransport } from "../src/mail/types.js";
import { migrateDatabase } from "../src/node/database.js";
import { createSmtpTransport } from "../src/node/mail-transports.js";
import type { Running } from "./process.js";
import { type SmtpSink, startServer, startSmtpSink, tally, waitFor } from "./smtp-sink.js";

// The mail server going away, and the sending process killed mid-send, against a real SMTP server
// and the real server process (as `npm start` runs it) on a real libSQL file.

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "mail-faults-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface OutboxRow {
  id: number;
  to_address: string;
  status: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
}

async function outbox(dbFile: string): Promise<OutboxRow[]> {
  const client = createClient({ url: `file:${dbFile}` });
  try {
    const { rows } = await client.execute("SELECT id, to_address, status, attempts, next_attempt_at, last_error FROM outbox ORDER BY id");
    return rows.map((r) => ({ ...r }) as unknown as OutboxRow);
  } finally {
    client.close();
  }
}

async function signUp(server: { url: string }, email: string) {
  const res = await fetch(`${server.url}/v1/subscribers`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email }),
  });
  expect(res.status).toBe(202);
}

function exited(proc: Running["proc"]): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve({ code: proc.exitCode, signal: proc.signalCode });
  return new Promise((resolve) => proc.once("exit", (code, signal) => resolve({ code, signal })));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("the mail server goes away and comes back", () => {
  let server: Running & { url: string };
  let sink: SmtpSink | undefined;
  afterAll(async () => {
    await server?.stop();
    await sink?.close();
  });

  it("keeps every mail in the outbox while SMTP is down, then delivers each exactly once", async () => {
    const dbFile = path.join(dir, "down.db");
    sink = await startSmtpSink();
    const smtpPort = sink.port;
    server = await startServer({ DATABASE_URL: `file:${dbFile}`, SMTP_URL: `smtp://127.0.0.1:${smtpPort}` });

    // Up: the first sign-up's mail goes out at once.
    await signUp(server, "first@example.com");
    await waitFor(() => sink!.accepted().length === 1 || undefined, "the first delivery");

    // Down: five more sign-ups; every mail stays in the outbox, pending, with a next attempt.
    await sink.close();
    const down = ["ada", "grace", "alan", "edsger", "barbara"].map((n) => `${n}@example.com`);
    for (const email of down) await signUp(server, email);
    const waiting = await waitFor(async () => {
      const rows = (await outbox(dbFile)).filter((r) => down.includes(r.to_address));
      return rows.length === 5 && rows.every((r) => r.status === "pending" && r.attempts >= 1) ? rows : undefined;
    }, "five failed attempts");
    for (const row of waiting) {
      expect(Date.parse(row.next_attempt_at)).toBeGreaterThan(Date.now()); // retried later (30 s and up)
      expect(row.last_error).toMatch(/ECONNREFUSED|connect/i);
    }
    expect(sink.received).toHaveLength(1);

    // Back on the same port, and the retry time comes (moved forward instead of waiting 30 s).
    sink = await startSmtpSink(smtpPort, sink.received);
    const client = createClient({ url: `file:${dbFile}` });
    await client.execute({ sql: "UPDATE outbox SET next_attempt_at = ? WHERE status = 'pending'", args: [new Date().toISOString()] });
    client.close();
    await waitFor(async () => (await outbox(dbFile)).every((r) => r.status === "sent") || undefined, "all six mails marked sent");
    await sleep(1000); // five more polls: nothing is sent again

    const accepted = sink.accepted();
    expect(accepted).toHaveLength(6);
    expect(tally(accepted.flatMap((m) => m.to))).toEqual(Object.fromEntries(["first@example.com", ...down].map((a) => [a, 1])));
    const rows = await outbox(dbFile);
    expect(new Set(accepted.map((m) => m.messageId))).toEqual(new Set(rows.map((r) => `<mail-${r.id}@127.0.0.1>`)));
    expect(sink.received).toHaveLength(6); // no unacknowledged copies either
  });
});

describe("the server process killed in the middle of sending", () => {
  it("loses no mail and takes none twice: the batch is sent again once its claim expires", async () => {
    const dbFile = path.join(dir, "killed.db");
    const sink = await startSmtpSink();
    const env = { DATABASE_URL: `file:${dbFile}`, SMTP_URL: `smtp://127.0.0.1:${sink.port}`, MAIL_CLAIM_TIMEOUT_SECONDS: "2" };
    let server = await startServer(env);
    try {
      // The first mail is held at the SMTP server until three more sign-ups are queued, so the
      // next pass claims those three as one batch.
      let releaseFirst!: () => void;
      sink.hold = () => new Promise<void>((resolve) => (releaseFirst = resolve));
      await signUp(server, "a@example.com");
      await waitFor(() => sink.received.length === 1 || undefined, "the first DATA");
      for (const email of ["b@example.com", "c@example.com", "d@example.com"]) await signUp(server, email);
      // From now on the server takes the data of a mail but never answers: the process is killed
      // at the most delicate moment, between the end of the data and the 250.
      sink.hold = () => new Promise<void>(() => {});
      releaseFirst();
      await waitFor(() => sink.received.length === 2 || undefined, "the batch's first DATA");
      const before = await outbox(dbFile);
      expect(before.map((r) => [r.to_address, r.status])).toEqual([
        ["a@example.com", "sent"],
        ["b@example.com", "sending"],
        ["c@example.com", "sending"],
        ["d@example.com", "sending"],
      ]);

      const gone = exited(server.proc);
      process.kill(server.proc.pid!, "SIGKILL");
      expect((await gone).signal).toBe("SIGKILL");
      expect((await outbox(dbFile)).filter((r) => r.status === "sending")).toHaveLength(3); // the dead process's claim

      // Restart: after the 2 s claim timeout the batch is sent again, now answered at once.
      sink.hold = null;
      const restarted = Date.now();
      server = await startServer(env);
      await waitFor(async () => (await outbox(dbFile)).every((r) => r.status === "sent") || undefined, "the batch marked sent");
      expect(Date.now() - restarted).toBeLessThan(10_000);
      await sleep(1000);

      // Every mail taken exactly once by the SMTP server.
      const accepted = sink.accepted();
      expect(tally(accepted.flatMap((m) => m.to))).toEqual({ "a@example.com": 1, "b@example.com": 1, "c@example.com": 1, "d@example.com": 1 });
      expect(new Set(accepted.map((m) => m.messageId)).size).toBe(4);
      // b's data reached the server twice (killed before the answer, then resent): both copies carry
      // the same Message-ID, so even a server that had kept the first copy could drop the repeat.
      const bCopies = sink.received.filter((m) => m.to.includes("b@example.com"));
      expect(bCopies.map((m) => m.acknowledged)).toEqual([false, true]);
      expect(new Set(bCopies.map((m) => m.messageId)).size).toBe(1);
      const rows = await outbox(dbFile);
      expect(bCopies[0]!.messageId).toBe(`<mail-${rows[1]!.id}@127.0.0.1>`);
    } finally {
      await server.stop();
      await sink.close();
    }
  });
});

describe("the claim window, in process against a libSQL file", () => {
  const FROM = "Questions <questions@api.test>";
  const logs: string[] = [];
  const logger = createLogger("debug", (line) => logs.push(line));
  let client: Client;
  let sink: SmtpSink;
  let file: string;

  beforeAll(async () => {
    file = path.join(dir, "claims.db");
    client = createClient({ url: `file:${file}` });
    await migrateDatabase(client);
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    client.close();
    await sink.close();
  });

  async function insertMail(to: string): Promise<number> {
    const result = await client.execute({
      sql: `INSERT INTO outbox (dedupe_key, subscriber_id, kind, to_address, subject, text, html, headers, status, attempts, next_attempt_at, created_at)
            VALUES (?, NULL, 'confirmation', ?, 'Confirm', 'text', '<p>html</p>', '{}', 'pending', 0, ?, ?)`,
      args: [`test:${to}`, to, "2000-01-01T00:00:00.000Z", "2000-01-01T00:00:00.000Z"],
    });
    return Number(result.lastInsertRowid);
  }

  it("a mail the server took but whose 'sent' mark was never written is sent again after the claim timeout, with the same Message-ID", async () => {
    const id = await insertMail("kept@example.com");
    const smtp = createSmtpTransport({ url: `smtp://127.0.0.1:${sink.port}`, messageIdDomain: "api.test" });
    const t0 = new Date("2030-01-01T00:00:00Z");
    // The first worker "dies" right after the 250: its database connection is gone before the mark.
    const doomed = createClient({ url: `file:${file}` });
    const dying: MailTransport = {
      name: "smtp",
      async send(mail, options) {
        await smtp.send(mail, options);
        doomed.close();
      },
    };
    await expect(
      processOutbox({ db: createDatabase(doomed), transport: dying, from: FROM, now: () => t0, logger, claimTimeoutMs: 2000 }),
    ).rejects.toThrow();
    expect((await client.execute({ sql: "SELECT status FROM outbox WHERE id = ?", args: [id] })).rows[0]!.status).toBe("sending");

    const db = createDatabase(client);
    const at = (ms: number) => () => new Date(t0.getTime() + ms);
    // Within the claim timeout the row belongs to the (dead) worker: nobody sends it.
    expect(await processOutbox({ db, transport: smtp, from: FROM, now: at(1999), logger, claimTimeoutMs: 2000 })).toEqual({
      sent: 0,
      retried: 0,
      failed: 0,
    });
    // After it, it is sent again: at least once, and the repeat is recognisable.
    expect(await processOutbox({ db, transport: smtp, from: FROM, now: at(2001), logger, claimTimeoutMs: 2000 })).toEqual({
      sent: 1,
      retried: 0,
      failed: 0,
    });
    const copies = sink.accepted().filter((m) => m.to.includes("kept@example.com"));
    expect(copies.map((m) => m.messageId)).toEqual([`<mail-${id}@api.test>`, `<mail-${id}@api.test>`]);
  });

  it("cuts a send off at half the claim timeout, so a live worker's claim never expires under it", async () => {
    const id = await insertMail("stalled@example.com");
    sink.hold = () => new Promise<void>(() => {}); // takes the data, never answers
    try {
      const started = Date.now();
      const result = await processOutbox({
        db: createDatabase(client),
        transport: createSmtpTransport({ url: `smtp://127.0.0.1:${sink.port}` }),
        from: FROM,
        now: () => new Date(),
        logger,
        claimTimeoutMs: 2000,
      });
      const took = Date.now() - started;
      expect(result).toEqual({ sent: 0, retried: 1, failed: 0 });
      expect(took).toBeGreaterThanOrEqual(950);
      expect(took).toBeLessThan(2000);
      const row = (await client.execute({ sql: "SELECT status, last_error FROM outbox WHERE id = ?", args: [id] })).rows[0]!;
      expect(row.status).toBe("pending");
      expect(row.last_error).toMatch(/cut off/);
      // The connection was dropped before any answer: the server never took the mail.
      await sleep(100);
      const copies = sink.received.filter((m) => m.to.includes("stalled@example.com"));
      expect(copies.map((m) => m.acknowledged)).toEqual([false]);
    } finally {
      sink.hold = null;
    }
  });

  it("validates the claim timeout", async () => {
    await expect(
      processOutbox({
        db: createDatabase(client),
        transport: createSmtpTransport({ url: "smtp://127.0.0.1:1" }),
        from: FROM,
        now: () => new Date(),
        logger,
        claimTimeoutMs: 500,
      }),
    ).rejects.toThrow(RangeError);
    const parse = (value: string) => nodeConfigSchema.safeParse({ MAIL_CLAIM_TIMEOUT_SECONDS: value });
    expect(parse("300").data?.mail.claimTimeoutSeconds).toBe(300);
    expect(nodeConfigSchema.parse({}).mail.claimTimeoutSeconds).toBe(300);
    for (const bad of ["1", "abc", "-5", "100000"]) {
      const result = parse(bad);
      expect(result.success).toBe(false);
      expect(describeConfigError(result.error!)).toMatch(/^invalid configuration: MAIL_CLAIM_TIMEOUT_SECONDS /);
    }
  });
});
