import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_SECRET } from "./helpers.js";
import { freePort, type Running, runProcess, startProcess, TSX } from "./process.js";

// A visitor's whole journey through the real Node server: sign up, read the mails, confirm,
// receive the bank and a question, unsubscribe in one click.

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "mail-flow-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function startServer(env: Record<string, string>): Promise<Running & { url: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const running = await startProcess(TSX, ["src/server.ts"], {
    env: { PORT: String(port), PUBLIC_URL: url, SIGNING_SECRET: TEST_SECRET, LOG_LEVEL: "info", MAIL_POLL_SECONDS: "0.2", ...env },
    ready: /"msg":"listening"/,
    timeoutMs: 90_000,
  });
  return { ...running, url };
}

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 150; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The decoded text/plain part of a multipart RFC 5322 message (base64, quoted-printable or 7bit). */
function textPart(eml: string): string {
  const boundary = eml.match(/boundary="?([^"\r\n;]+)"?/)?.[1];
  const part = boundary ? eml.split(`--${boundary}`).find((p) => /Content-Type: text\/plain/i.test(p)) : undefined;
  if (!part) return "";
  const split = part.indexOf("\r\n\r\n");
  const headers = part.slice(0, split);
  const body = part.slice(split + 4).trim();
  if (/Content-Transfer-Encoding: base64/i.test(headers)) return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (/Content-Transfer-Encoding: quoted-printable/i.test(headers)) {
    return Buffer.from(
      body.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
      "latin1",
    ).toString("utf8");
  }
  return body;
}

const link = (text: string, base: string, route: string) => {
  const found = text.match(new RegExp(`${base.replace(/[.]/g, "\\.")}/v1/subscribers/${route}\\?token=[A-Za-z0-9._-]+`));
  if (!found) throw new Error(`no ${route} link in:\n${text.slice(0, 500)}`);
  return found[0];
};

describe("the emailed bank with the file transport", () => {
  let server: Running & { url: string };
  const mailDir = () => path.join(dir, "mail");
  const dbUrl = () => `file:${path.join(dir, "app.db")}`;
  // Finished messages only: the transport writes `.<name>.tmp` first, then renames it.
  const emls = async () =>
    Promise.all(
      (await readdir(mailDir()).catch(() => []))
        .filter((f) => f.endsWith(".eml"))
        .sort()
        .map((f) => readFile(path.join(mailDir(), f), "utf8")),
    );

  beforeAll(async () => {
    server = await startServer({ DATABASE_URL: dbUrl(), MAIL_TRANSPORT: "file", MAIL_DIR: mailDir() });
  });
  afterAll(async () => server?.stop());

  it("signs up, confirms from the mail, receives the bank, a question and unsubscribes in one click", async () => {
    const res = await fetch(`${server.url}/v1/subscribers`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: "ada@example.com", preferences: { categories: ["coding"], frequency: "daily" } }),
    });
    expect(res.status).toBe(202);

    const confirmation = await waitFor(async () => (await emls())[0], "the confirmation mail");
    expect(confirmation).toMatch(/^To: ada@example\.com\r$/m);
    expect(confirmation).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r$/m);
    expect(confirmation).toContain("multipart/alternative");
    const confirmUrl = link(textPart(confirmation), server.url, "confirm");
    const page = await fetch(confirmUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Confirm my subscription</button>");
    const confirmed = await fetch(confirmUrl, { method: "POST" });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain("confirmed");

    const welcome = await waitFor(async () => (await emls())[1], "the welcome mail");
    const bank = await fetch(link(textPart(welcome), server.url, "bank"));
    expect(bank.status).toBe(200);
    expect(await bank.text()).toContain("How the companies interview");

    // A day later the schedule sends one coding question.
    await server.stop();
    const { code } = await runProcess(TSX, [
      "-e",
      `
      import("@libsql/client").then(async ({ createClient }) => {
        const c = createClient({ url: ${JSON.stringify(dbUrl())} });
        await c.execute("UPDATE subscribers SET next_question_at = '2000-01-01T00:00:00.000Z'");
      })`,
    ]);
    expect(code).toBe(0);
    const sent = await runProcess(TSX, ["scripts/send-due.ts"], {
      DATABASE_URL: dbUrl(),
      MAIL_TRANSPORT: "file",
      MAIL_DIR: mailDir(),
      SIGNING_SECRET: TEST_SECRET,
      PUBLIC_URL: server.url,
    });
    expect(sent.output).toMatch(/queued 1 question mails; sent 1/);
    const question = (await emls())[2]!;
    expect(question).toMatch(/^Subject: \[ML Interview Q\]/m);
    // Long headers are folded (RFC 5322 2.2.3): unfold before reading one.
    const unsubscribe = question.replace(/\r\n[ \t]+/g, " ").match(/^List-Unsubscribe:\s*<([^>]+)>/m)![1]!;

    server = await startServer({ DATABASE_URL: dbUrl(), MAIL_TRANSPORT: "file", MAIL_DIR: mailDir() });
    const oneClick = await fetch(unsubscribe.replace(/^http:\/\/127\.0\.0\.1:\d+/, server.url), {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    // The link carries the first server's port; the token is what matters.
    expect(oneClick.status).toBe(200);
    const state = await fetch(unsubscribe.replace(/^http:\/\/127\.0\.0\.1:\d+/, server.url), { headers: { Accept: "application/json" } });
    expect((await state.json()).status).toBe("unsubscribed");
  });
});

describe("the emailed bank over SMTP", () => {
  it("delivers the confirmation mail to a real SMTP server", async () => {
    const received: string[] = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      onData(stream, _session, done) {
        let data = "";
        stream.on("data", (c: Buffer) => (data += c.toString()));
        stream.on("end", () => {
          received.push(data);
          done();
        });
      },
    });
    const smtpPort = await freePort();
    await new Promise<void>((r) => smtp.listen(smtpPort, "127.0.0.1", r));
    const server = await startServer({
      DATABASE_URL: `file:${path.join(dir, "smtp.db")}`,
      MAIL_TRANSPORT: "smtp",
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      MAIL_FROM: "Questions <questions@example.com>",
    });
    try {
      const res = await fetch(`${server.url}/v1/subscribers`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ email: "grace@example.com" }),
      });
      expect(res.status).toBe(202);
      const mail = await waitFor(async () => received[0], "the SMTP delivery");
      expect(mail).toMatch(/^From: Questions <questions@example\.com>\r$/m);
      expect(mail).toMatch(/^To: grace@example\.com\r$/m);
      expect(mail).toContain("/v1/subscribers/confirm?token=");
    } finally {
      await server.stop();
      await new Promise<void>((r) => smtp.close(() => r()));
    }
  });
});
