import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Client } from "@libsql/client";
import { SMTPServer } from "smtp-server";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDatabase, type Database } from "../src/db/client.js";
import { createLogger } from "../src/logger.js";
import { outboxHealth, processOutbox } from "../src/mail/outbox.js";
import { renderConfirmationMail, renderQuestionMail, renderWelcomeMail } from "../src/mail/templates.js";
import { createHttpTransport } from "../src/mail/transport-http.js";
import type { MailTransport, OutboundMail } from "../src/mail/types.js";
import { createFileTransport, createSmtpTransport } from "../src/node/mail-transports.js";
import type { Question } from "../src/questions/schemas.js";
import { createTestDatabase, FIXED_NOW } from "./helpers.js";

const FROM = "ML Interview Questions <questions@api.test>";
const UNSUBSCRIBE = "http://api.test/v1/subscribers/unsubscribe?token=abc.def";
const LIST_HEADERS = { "List-Unsubscribe": `<${UNSUBSCRIBE}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };

let client: Client;
let db: Database;
let clock: Date;
let logLines: string[];
const now = () => clock;
const logger = () => createLogger("debug", (line) => logLines.push(line));

beforeEach(async () => {
  client = await createTestDatabase({ seed: false });
  db = createDatabase(client);
  clock = new Date(FIXED_NOW);
  logLines = [];
});

// ---------------------------------------------------------------------------------------------
// Outbox rows, inserted the way the subscriber endpoints do: plain SQL.

interface RowInput {
  key?: string;
  to?: string;
  subject?: string;
  status?: "pending" | "sending" | "sent" | "failed";
  attempts?: number;
  nextAttemptAt?: Date;
  createdAt?: Date;
}

let rowCounter = 0;
async function insertMail(input: RowInput = {}): Promise<number> {
  const n = ++rowCounter;
  const result = await client.execute({
    sql: `INSERT INTO outbox (dedupe_key, subscriber_id, kind, to_address, subject, text, html, headers, status, attempts, next_attempt_at, created_at)
          VALUES (?, NULL, 'welcome', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    args: [
      input.key ?? `test:${n}`,
      input.to ?? `reader${n}@example.com`,
      input.subject ?? `Mail number ${n}`,
      `Plain text of mail ${n}\nUnsubscribe: ${UNSUBSCRIBE}\n`,
      `<!doctype html><html><body><p>HTML of mail ${n}</p></body></html>`,
      JSON.stringify(LIST_HEADERS),
      input.status ?? "pending",
      input.attempts ?? 0,
      (input.nextAttemptAt ?? clock).toISOString(),
      (input.createdAt ?? clock).toISOString(),
    ],
  });
  return Number(result.lastInsertRowid);
}

async function outboxRow(id: number) {
  const { rows } = await client.execute({ sql: "SELECT * FROM outbox WHERE id = ?", args: [id] });
  return { ...rows[0] } as Record<string, any>;
}

/** A real transport that keeps what it was given (the database stays real). */
function recordingTransport(options: { delayMs?: number; onSend?: (mail: OutboundMail) => Promise<void> | void } = {}) {
  const sent: OutboundMail[] = [];
  const transport: MailTransport = {
    name: "http",
    async send(mail) {
      await new Promise((resolve) => setTimeout(resolve, options.delayMs ?? 0));
      await options.onSend?.(mail); // throws to fail the send
      sent.push(mail);
    },
  };
  return { transport, sent };
}

// ---------------------------------------------------------------------------------------------
// Just enough RFC 5322 / MIME parsing to check what a receiver would see.

interface ParsedPart {
  headers: Map<string, string>;
  body: string;
}

function decodeQuotedPrintable(text: string): string {
  const joined = text.replace(/=\r?\n/g, "");
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === "=" && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(joined.charCodeAt(i));
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

function parsePart(raw: string): ParsedPart {
  const split = raw.search(/\r?\n\r?\n/);
  const head = raw.slice(0, split).replace(/\r?\n[ \t]+/g, " ");
  const headers = new Map<string, string>();
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const body = raw.slice(split).replace(/^\r?\n\r?\n/, "");
  const encoding = headers.get("content-transfer-encoding")?.toLowerCase();
  const decoded =
    encoding === "quoted-printable" ? decodeQuotedPrintable(body) : encoding === "base64" ? Buffer.from(body, "base64").toString("utf8") : body;
  return { headers, body: decoded.replace(/\r\n/g, "\n") }; // lines as a reader sees them
}

function parseMessage(raw: string) {
  const message = parsePart(raw);
  const contentType = message.headers.get("content-type") ?? "";
  const boundary = /boundary="?([^";]+)"?/.exec(contentType)?.[1];
  const parts = boundary
    ? message.body
        .split(`--${boundary}`)
        .slice(1, -1)
        .map((part) => parsePart(part.replace(/^\r?\n/, "")))
    : [];
  const part = (type: string) => parts.find((p) => p.headers.get("content-type")?.startsWith(type));
  return { headers: message.headers, contentType, text: part("text/plain")?.body ?? "", html: part("text/html")?.body ?? "" };
}

function expectWellFormedMail(raw: string, expected: { id: number; to: string; subject: string; domain: string }) {
  expect(raw).not.toMatch(/[^\r]\n/); // CRLF line endings only (RFC 5322)
  const mail = parseMessage(raw);
  expect(mail.headers.get("from")).toBe(FROM);
  expect(mail.headers.get("to")).toBe(expected.to);
  expect(mail.headers.get("subject")).toBe(expected.subject);
  expect(mail.headers.get("message-id")).toBe(`<mail-${expected.id}@${expected.domain}>`);
  expect(mail.headers.get("date")).toMatch(/\d{4} \d\d:\d\d:\d\d/);
  expect(mail.headers.get("list-unsubscribe")).toBe(`<${UNSUBSCRIBE}>`);
  expect(mail.headers.get("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
  expect(mail.contentType).toMatch(/^multipart\/alternative;/);
  expect(mail.text).toContain(`Plain text of mail`);
  expect(mail.text).toContain(UNSUBSCRIBE);
  expect(mail.html).toContain("<p>HTML of mail");
  return mail;
}

// ---------------------------------------------------------------------------------------------
const question: Question = {
  id: 1001,
  slug: "bias-variance-tradeoff",
  title: "What is <script>alert('title')</script> bias & variance?",
  category: { slug: "ml-algorithms-theory", name: "ML Algorithms & Theory" },
  difficulty: "medium",
  companies: [
    { slug: "google", name: "Google", evidence: [{ kind: "interview-report", title: "A report", url: "https://example.com/r", year: 2025 }] },
    { slug: "meta", name: "Meta", evidence: [{ kind: "company-prep-guide", title: "A guide", url: "https://example.com/g", year: 2024 }] },
  ],
  inspiredBy: [],
  tags: ["bias-variance"],
  createdAt: "2025-03-04T00:00:00Z",
  updatedAt: "2025-03-04T00:00:00Z",
  answer: {
    markdown: "### Short answer\nBias is error from **wrong assumptions**; variance from sensitivity to the sample.",
    html: "<h3>Short answer</h3>\n<p>Bias is error from <strong>wrong assumptions</strong>; variance from sensitivity to the sample.</p>",
  },
  codeExamples: [
    {
      language: "python<script>",
      caption: "Caption <script>alert('caption')</script>",
      code: "if a < b and c > d:\n    print(\"</code></pre><script>alert('code')</script>\")\n",
      html: "if a &lt; b and c &gt; d:\n    print(&quot;&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;alert(&#x27;code&#x27;)&lt;/script&gt;&quot;)\n",
      tested: true,
      runtime: "python 3.11",
    },
  ],
  related: [],
};

describe("renderQuestionMail", () => {
  const render = () =>
    renderQuestionMail({
      question,
      pageUrl: () => 'http://api.test/questions/x?a=1&b="><script>alert(1)</script>',
      preferencesUrl: "http://api.test/v1/subscribers/preferences?token=p.q",
      unsubscribeUrl: UNSUBSCRIBE,
    });

  it("escapes a malicious title, caption, language, code and URL in the HTML part", () => {
    const { html } = render();
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain("What is &lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; bias &amp; variance?");
    expect(html).toContain("Caption &lt;script&gt;");
    expect(html).toContain("if a &lt; b and c &gt; d:");
    expect(html).toContain("&lt;/code&gt;&lt;/pre&gt;");
    expect(html).toContain('href="http://api.test/questions/x?a=1&amp;b=&quot;&gt;&lt;script&gt;');
    expect(html).toContain("ML Algorithms &amp; Theory · Medium · Asked at Google, Meta");
  });

  it("is one complete HTML document with inline styles, the answer's HTML and the footer links", () => {
    const { html } = render();
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html).toContain("</html>");
    expect(html).toContain("max-width:640px");
    expect(html).not.toContain("<style");
    expect(html).not.toContain("<table");
    expect(html).toContain(question.answer.html);
    expect(html).toMatch(/<pre style="[^"]+"><code>if a &lt; b/);
    expect(html).toContain('href="http://api.test/v1/subscribers/preferences?token=p.q"');
    expect(html).toContain(`href="${UNSUBSCRIBE}"`);
  });

  it("has a plain-text part with the title, metadata, the answer's Markdown, the code and the footer links", () => {
    const { text, subject } = render();
    expect(subject).toBe(`[ML Interview Q] ${question.title}`);
    expect(text.split("\n").slice(0, 2)).toEqual([question.title, "ML Algorithms & Theory · Medium · Asked at Google, Meta"]);
    expect(text).toContain(question.answer.markdown);
    expect(text).toContain(question.codeExamples[0]!.caption);
    expect(text).toContain(question.codeExamples[0]!.code);
    expect(text).toContain("Change your preferences: http://api.test/v1/subscribers/preferences?token=p.q");
    expect(text).toContain(`Unsubscribe: ${UNSUBSCRIBE}`);
  });

  it("links other questions to their pages for people in both parts, never into /v1/", () => {
    const linked = {
      ...question,
      answer: {
        markdown: "See [calibration](/v1/questions/probability-calibration).",
        html: '<p>See <a href="/questions/probability-calibration">calibration</a>.</p>',
      },
    };
    const { html, text } = renderQuestionMail({
      question: linked,
      pageUrl: (slug) => `http://api.test/questions/${slug}`,
      preferencesUrl: "http://api.test/p",
      unsubscribeUrl: UNSUBSCRIBE,
    });
    expect(html).toContain('<a href="http://api.test/questions/probability-calibration">calibration</a>');
    expect(html).toContain(`href="http://api.test/questions/${question.slug}"`);
    expect(text).toContain("See [calibration](http://api.test/questions/probability-calibration).");
    expect(text).toContain(`Permalink: http://api.test/questions/${question.slug}`);
    expect(`${html}${text}`).not.toContain("/v1/questions");
  });

  it("keeps the subject on one line whatever the title holds", () => {
    const { subject } = renderQuestionMail({
      question: { ...question, title: "Line one\r\nBcc: victim@example.com" },
      pageUrl: () => "http://api.test/q",
      preferencesUrl: "http://api.test/p",
      unsubscribeUrl: UNSUBSCRIBE,
    });
    expect(subject).toBe("[ML Interview Q] Line one Bcc: victim@example.com");
  });
});

describe("renderConfirmationMail", () => {
  it("asks to confirm, says the link expires in 48 hours and that ignoring it means no further mail", () => {
    const confirmUrl = "http://api.test/v1/subscribers/confirm?token=abc&x=<y>";
    const mail = renderConfirmationMail({ confirmUrl, publicUrl: "http://api.test" });
    expect(mail.subject).toMatch(/confirm/i);
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain("48 hours");
      expect(part).toMatch(/ignore this mail/i);
      expect(part).toMatch(/no further mail/i);
    }
    expect(mail.text).toContain(confirmUrl);
    expect(mail.html).toContain('href="http://api.test/v1/subscribers/confirm?token=abc&amp;x=&lt;y&gt;"');
    expect(mail.html).not.toContain("<y>");
  });
});

describe("renderWelcomeMail", () => {
  const links = {
    bankUrl: "http://api.test/v1/subscribers/bank?token=b",
    bankMarkdownUrl: "http://api.test/v1/subscribers/bank?token=b&format=markdown",
    preferencesUrl: "http://api.test/v1/subscribers/preferences?token=p",
    unsubscribeUrl: UNSUBSCRIBE,
  };

  it("links the bank in HTML and Markdown and the preferences and unsubscribe pages", () => {
    const mail = renderWelcomeMail({ ...links, frequency: "weekly" });
    for (const url of Object.values(links)) {
      expect(mail.text).toContain(url);
      expect(mail.html).toContain(`href="${url.replace(/&/g, "&amp;")}"`);
    }
  });

  it("says what comes next for each frequency", () => {
    expect(renderWelcomeMail({ ...links, frequency: "daily" }).text).toMatch(/every day/i);
    expect(renderWelcomeMail({ ...links, frequency: "weekly" }).text).toMatch(/every week/i);
    expect(renderWelcomeMail({ ...links, frequency: "none" }).text).toMatch(/no question mails/i);
  });
});

// ---------------------------------------------------------------------------------------------
describe("processOutbox", () => {
  it("sends each due mail once and marks it sent", async () => {
    const id = await insertMail({ to: "ada@example.com" });
    const { transport, sent } = recordingTransport();
    expect(await processOutbox({ db, transport, from: FROM, now, logger: logger() })).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(sent).toEqual([
      {
        id: String(id),
        from: FROM,
        to: "ada@example.com",
        subject: expect.any(String),
        text: expect.stringContaining("Plain text"),
        html: expect.stringContaining("<p>HTML"),
        headers: LIST_HEADERS,
      },
    ]);
    expect(await outboxRow(id)).toMatchObject({ status: "sent", sent_at: clock.toISOString(), attempts: 0 });
  });

  it("sends a mail exactly once when two passes run concurrently", async () => {
    const ids = await Promise.all(Array.from({ length: 7 }, () => insertMail()));
    const { transport, sent } = recordingTransport({ delayMs: 5 });
    const results = await Promise.all([
      processOutbox({ db, transport, from: FROM, now, logger: logger(), batchSize: 2 }),
      processOutbox({ db, transport, from: FROM, now, logger: logger(), batchSize: 2 }),
    ]);
    expect(results[0]!.sent + results[1]!.sent).toBe(7);
    expect(sent.map((m) => Number(m.id)).sort((a, b) => a - b)).toEqual(ids);
    const { rows } = await client.execute("SELECT DISTINCT status FROM outbox");
    expect(rows.map((r) => r.status)).toEqual(["sent"]);
  });

  it("never resends a sent mail", async () => {
    const id = await insertMail({ status: "sent", nextAttemptAt: new Date(clock.getTime() - 3600_000) });
    await insertMail();
    const { transport, sent } = recordingTransport();
    await processOutbox({ db, transport, from: FROM, now, logger: logger() });
    clock = new Date(clock.getTime() + 86_400_000);
    expect(await processOutbox({ db, transport, from: FROM, now, logger: logger() })).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.id).not.toBe(String(id));
  });

  it("leaves mails that are not due yet", async () => {
    const id = await insertMail({ nextAttemptAt: new Date(clock.getTime() + 60_000) });
    const { transport, sent } = recordingTransport();
    await processOutbox({ db, transport, from: FROM, now, logger: logger() });
    expect(sent).toHaveLength(0);
    expect((await outboxRow(id)).status).toBe("pending");
  });

  it("drains more than one batch in a pass", async () => {
    for (let i = 0; i < 5; i++) await insertMail();
    const { transport, sent } = recordingTransport();
    expect((await processOutbox({ db, transport, from: FROM, now, logger: logger(), batchSize: 2 })).sent).toBe(5);
    expect(sent).toHaveLength(5);
  });

  it("retries a failing mail with growing delays, then marks it failed after maxAttempts", async () => {
    const id = await insertMail({ to: "grace@example.com" });
    const longError = `550 5.1.1 <grace@example.com>: mailbox unavailable ${"x".repeat(1000)}`;
    const { transport } = recordingTransport({
      onSend: () => {
        throw new Error(longError);
      },
    });
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 4; attempt++) {
      const result = await processOutbox({ db, transport, from: FROM, now, logger: logger(), maxAttempts: 4 });
      const row = await outboxRow(id);
      expect(row.attempts).toBe(attempt);
      expect(row.last_error).toBe(longError.slice(0, 500));
      if (attempt < 4) {
        expect(result).toEqual({ sent: 0, retried: 1, failed: 0 });
        expect(row.status).toBe("pending");
        const delay = Date.parse(row.next_attempt_at) - clock.getTime();
        delays.push(delay);
        // Not due before its time: a pass now leaves it alone.
        expect((await processOutbox({ db, transport, from: FROM, now, logger: logger() })).retried).toBe(0);
        clock = new Date(Date.parse(row.next_attempt_at));
      } else {
        expect(result).toEqual({ sent: 0, retried: 0, failed: 1 });
        expect(row.status).toBe("failed");
      }
    }
    expect(delays[0]).toBeGreaterThanOrEqual(30_000);
    expect(delays[0]).toBeLessThanOrEqual(33_000);
    expect(delays[1]!).toBeGreaterThan(delays[0]!);
    expect(delays[2]!).toBeGreaterThan(delays[1]!);
    // A failed mail stays failed.
    clock = new Date(clock.getTime() + 30 * 86_400_000);
    expect(await processOutbox({ db, transport, from: FROM, now, logger: logger() })).toEqual({ sent: 0, retried: 0, failed: 0 });
  });

  it("logs failures with masked addresses only", async () => {
    await insertMail({ to: "grace@example.com" });
    const { transport } = recordingTransport({
      onSend: () => {
        throw new Error("550 <grace@example.com> unknown; cc bob.smith@corp.example");
      },
    });
    await processOutbox({ db, transport, from: FROM, now, logger: logger() });
    const logs = logLines.join("\n");
    expect(logs).toContain("g***@example.com");
    expect(logs).toContain("b***@corp.example");
    expect(logs).not.toContain("grace@");
    expect(logs).not.toContain("bob.smith@");
  });

  it("reclaims a mail whose worker died mid-send (a 'sending' claim older than 5 minutes)", async () => {
    const stale = await insertMail();
    const fresh = await insertMail();
    await client.execute({
      sql: "UPDATE outbox SET status = 'sending', claim_id = 'dead-worker', claimed_at = ? WHERE id = ?",
      args: [new Date(clock.getTime() - 6 * 60_000).toISOString(), stale],
    });
    await client.execute({
      sql: "UPDATE outbox SET status = 'sending', claim_id = 'live-worker', claimed_at = ? WHERE id = ?",
      args: [new Date(clock.getTime() - 60_000).toISOString(), fresh],
    });
    const { transport, sent } = recordingTransport();
    await processOutbox({ db, transport, from: FROM, now, logger: logger() });
    expect(sent.map((m) => m.id)).toEqual([String(stale)]);
    expect((await outboxRow(stale)).status).toBe("sent");
    expect(await outboxRow(fresh)).toMatchObject({ status: "sending", claim_id: "live-worker" });
  });

  it("does not mark a mail whose claim another worker took over meanwhile", async () => {
    const id = await insertMail();
    const { transport } = recordingTransport({
      // While this worker sends, another one takes the row over (as after a stall of over 5 minutes).
      onSend: async () => {
        await client.execute({ sql: "UPDATE outbox SET claim_id = 'other-worker' WHERE id = ?", args: [id] });
      },
    });
    await processOutbox({ db, transport, from: FROM, now, logger: logger() });
    expect(await outboxRow(id)).toMatchObject({ status: "sending", claim_id: "other-worker", sent_at: null });
  });
});

describe("outboxHealth", () => {
  it("counts mails by status and gives the age of the oldest pending one", async () => {
    expect(await outboxHealth(db, clock)).toEqual({ pending: 0, sending: 0, sent: 0, failed: 0, oldestPendingSeconds: null });
    await insertMail({ createdAt: new Date(clock.getTime() - 90_000) });
    await insertMail();
    await insertMail({ status: "sent", createdAt: new Date(clock.getTime() - 86_400_000) });
    await insertMail({ status: "failed" });
    expect(await outboxHealth(db, clock)).toEqual({ pending: 2, sending: 0, sent: 1, failed: 1, oldestPendingSeconds: 90 });
  });
});

// ---------------------------------------------------------------------------------------------
describe("HTTP transport", () => {
  interface Received {
    method: string;
    headers: IncomingHttpHeaders;
    body: any;
  }
  let server: Server;
  let url: string;
  let received: Received[];
  let failuresLeft: number;
  const TOKEN = "provider-secret-token-123";

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        received.push({ method: req.method ?? "", headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) });
        const fail = failuresLeft > 0;
        if (fail) failuresLeft--;
        res.writeHead(fail ? 500 : 202, { "Content-Type": "application/json" });
        res.end(JSON.stringify(fail ? { error: `bad token ${TOKEN}` } : { queued: true }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    received = [];
    failuresLeft = 0;
  });

  const mail: OutboundMail = { id: "42", from: FROM, to: "ada@example.com", subject: "Hi", text: "text", html: "<p>html</p>", headers: LIST_HEADERS };

  it("posts the mail as JSON with the bearer token and the mail id as Idempotency-Key", async () => {
    await createHttpTransport({ url, token: TOKEN }).send(mail);
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request!.method).toBe("POST");
    expect(request!.headers["content-type"]).toBe("application/json");
    expect(request!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request!.headers["idempotency-key"]).toBe("42");
    expect(request!.body).toEqual(mail);
  });

  it("rejects a non-2xx answer with an error naming the status, never the token", async () => {
    failuresLeft = 1;
    const error = await createHttpTransport({ url, token: TOKEN })
      .send(mail)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain("500");
    expect((error as Error).message).not.toContain(TOKEN);
  });

  it("rejects a network failure without the token", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await createHttpTransport({ url: `http://127.0.0.1:${port}/send`, token: TOKEN })
      .send(mail)
      .catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/unreachable/);
    expect((error as Error).message).not.toContain(TOKEN);
  });

  it("delivers through the outbox after the provider failed twice, with the same Idempotency-Key each time", async () => {
    failuresLeft = 2;
    const id = await insertMail({ to: "ada@example.com" });
    const transport = createHttpTransport({ url, token: TOKEN });
    const results = [];
    for (let pass = 0; pass < 3; pass++) {
      results.push(await processOutbox({ db, transport, from: FROM, now, logger: logger() }));
      const row = await outboxRow(id);
      if (row.status === "pending") clock = new Date(Date.parse(row.next_attempt_at));
    }
    expect(results).toEqual([
      { sent: 0, retried: 1, failed: 0 },
      { sent: 0, retried: 1, failed: 0 },
      { sent: 1, retried: 0, failed: 0 },
    ]);
    expect(received.map((r) => r.headers["idempotency-key"])).toEqual([String(id), String(id), String(id)]);
    expect(await outboxRow(id)).toMatchObject({ status: "sent", attempts: 2 });
    expect((await outboxRow(id)).last_error).toBeNull();
    expect(logLines.join("\n")).not.toContain(TOKEN);
  });
});

// ---------------------------------------------------------------------------------------------
describe("SMTP transport", () => {
  interface Received {
    user: string | undefined;
    mailFrom: string | undefined;
    rcptTo: string[];
    raw: string;
  }
  let server: SMTPServer;
  let port: number;
  let received: Received[];

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      allowInsecureAuth: true,
      disabledCommands: ["STARTTLS"], // no certificate in the test; production SMTP URLs use STARTTLS or smtps://
      logger: false,
      onAuth(auth, _session, callback) {
        if (auth.username === "mailer" && auth.password === "s3cret") callback(null, { user: auth.username });
        else callback(new Error("Invalid username or password"));
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          received.push({
            user: session.user as string | undefined,
            mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
            rcptTo: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString("utf8"),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    port = (server.server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    received = [];
  });

  it("delivers an outbox mail as multipart/alternative with the list headers, authenticated by the URL's credentials", async () => {
    const id = await insertMail({ to: "ada@example.com", subject: "Your ML interview question bank" });
    const transport = createSmtpTransport({ url: `smtp://mailer:s3cret@127.0.0.1:${port}`, messageIdDomain: "api.test" });
    expect(await processOutbox({ db, transport, from: FROM, now, logger: logger() })).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(received).toHaveLength(1);
    const [message] = received;
    expect(message!.user).toBe("mailer");
    expect(message!.mailFrom).toBe("questions@api.test");
    expect(message!.rcptTo).toEqual(["ada@example.com"]);
    expectWellFormedMail(message!.raw, { id, to: "ada@example.com", subject: "Your ML interview question bank", domain: "api.test" });
  });

  it("carries a rendered question mail intact, non-ASCII included", async () => {
    const rendered = renderQuestionMail({
      question: { ...question, title: "Naïve Bayes — why “naïve”?" },
      pageUrl: (slug) => `http://api.test/questions/${slug}`,
      preferencesUrl: "http://api.test/p",
      unsubscribeUrl: UNSUBSCRIBE,
    });
    const transport = createSmtpTransport({ url: `smtp://mailer:s3cret@127.0.0.1:${port}` });
    await transport.send({ id: "7", from: FROM, to: "ada@example.com", ...rendered, headers: LIST_HEADERS });
    const mail = parseMessage(received[0]!.raw);
    expect(mail.headers.get("message-id")).toBe("<mail-7@localhost>");
    expect(mail.text).toContain("Naïve Bayes — why “naïve”?");
    expect(mail.text).toContain(question.answer.markdown);
    expect(mail.html).toContain(question.answer.html);
    expect(mail.html).toContain("Naïve Bayes — why “naïve”?");
  });

  it("fails, and the outbox retries, when the server refuses the credentials", async () => {
    const id = await insertMail();
    const transport = createSmtpTransport({ url: `smtp://mailer:wrong@127.0.0.1:${port}` });
    expect(await processOutbox({ db, transport, from: FROM, now, logger: logger() })).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(received).toHaveLength(0);
    const row = await outboxRow(id);
    expect(row.status).toBe("pending");
    expect(row.last_error).toMatch(/invalid/i);
    expect(row.last_error).not.toContain("wrong");
  });
});

// ---------------------------------------------------------------------------------------------
describe("file transport", () => {
  let dir: string;
  beforeEach(async () => {
    dir = join(await mkdtemp(join(tmpdir(), "mail-test-")), "nested", "mail");
  });
  afterEach(async () => {
    await rm(join(dir, "..", ".."), { recursive: true, force: true });
  });

  it("writes one .eml per mail, creating the directory, as a real multipart/alternative message", async () => {
    const first = await insertMail({ to: "ada@example.com", subject: "First" });
    const second = await insertMail({ to: "grace@example.com", subject: "Second" });
    const transport = createFileTransport({ dir, messageIdDomain: "api.test" });
    expect((await processOutbox({ db, transport, from: FROM, now, logger: logger() })).sent).toBe(2);
    const files = (await readdir(dir)).sort();
    expect(files).toHaveLength(2); // no temporary files left behind
    expect(files[0]).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d\\.\\d{3}Z-${first}\\.eml$`));
    expect(files[1]).toMatch(new RegExp(`-${second}\\.eml$`));
    const raw = await readFile(join(dir, files.find((f) => f.endsWith(`-${first}.eml`))!), "utf8");
    const mail = expectWellFormedMail(raw, { id: first, to: "ada@example.com", subject: "First", domain: "api.test" });
    expect(mail.headers.get("mime-version")).toBe("1.0");
  });
});
