import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createClient } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "../src/db/client.js";
import { describeSigningSecret, signingSecretFor } from "../src/node/signing-secret.js";
import { createTestDatabase, TEST_SECRET } from "./helpers.js";
import { freePort, type Running, runProcess, startProcess, TSX } from "./process.js";

// `npm start` with mail and no SIGNING_SECRET: the links in mails already sent must survive a restart.

let dir: string;
const dbUrl = () => `file:${path.join(dir, "app.db")}`;
const mailDir = () => path.join(dir, "mail");

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "signing-secret-test-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function startServer(port: number): Promise<Running & { url: string }> {
  const url = `http://127.0.0.1:${port}`;
  const running = await startProcess(TSX, ["src/server.ts"], {
    // `SIGNING_SECRET=` as an .env file writes it: unset.
    env: {
      PORT: String(port),
      PUBLIC_URL: url,
      DATABASE_URL: dbUrl(),
      MAIL_TRANSPORT: "file",
      MAIL_DIR: mailDir(),
      MAIL_POLL_SECONDS: "0.2",
      SIGNING_SECRET: "",
    },
    ready: /"msg":"listening"/,
    timeoutMs: 90_000,
  });
  return { ...running, url };
}

async function mails(): Promise<string[]> {
  const files = (await readdir(mailDir()).catch(() => [] as string[])).filter((f) => f.endsWith(".eml")).sort();
  return Promise.all(files.map((f) => readFile(path.join(mailDir(), f), "utf8")));
}

async function nextMail(count: number): Promise<string> {
  for (let i = 0; i < 150; i++) {
    const all = await mails();
    if (all.length >= count) return all[count - 1] as string;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`mail ${count} never arrived`);
}

/** The one-click unsubscribe URL of a mail (headers may be folded, RFC 5322 2.2.3). */
const unsubscribeLink = (eml: string) => eml.replace(/\r\n[ \t]+/g, " ").match(/^List-Unsubscribe:\s*<([^>]+)>/m)?.[1] as string;

const oneClick = (url: string) =>
  fetch(url, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click" });

describe("without SIGNING_SECRET, the secret is generated once and kept in the database", () => {
  it("an unsubscribe link and a cursor from before a restart work after it, and send-due signs with the same secret", async () => {
    const port = await freePort();
    let server = await startServer(port);
    const signUp = (email: string) =>
      fetch(`${server.url}/v1/subscribers`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ email }) });
    let before: string;
    let cursor: string;
    try {
      expect(server.output()).toContain("SIGNING_SECRET is not set: generated one and kept it in the database");
      expect((await signUp("ada@example.com")).status).toBe(202);
      before = unsubscribeLink(await nextMail(1));
      expect(before).toMatch(/\/v1\/subscribers\/unsubscribe\?token=/);
      expect((await signUp("grace@example.com")).status).toBe(202);
      await nextMail(2);
      cursor = (await (await fetch(`${server.url}/v1/questions?limit=2`)).json()).page.nextCursor;
    } finally {
      expect(await server.stop()).toBe(0);
    }

    // While the server is down, cron runs `npm run send-due` (no SIGNING_SECRET either) for a due subscriber.
    const db = createClient({ url: dbUrl() });
    await db.execute(
      "UPDATE subscribers SET status = 'confirmed', confirmed_at = '2026-01-01T00:00:00.000Z', next_question_at = '2000-01-01T00:00:00.000Z' WHERE email = 'grace@example.com'",
    );
    db.close();
    const sent = await runProcess(TSX, ["scripts/send-due.ts"], {
      DATABASE_URL: dbUrl(),
      MAIL_TRANSPORT: "file",
      MAIL_DIR: mailDir(),
      PUBLIC_URL: server.url,
      SIGNING_SECRET: "",
    });
    expect(sent.output).toMatch(/queued 1 question mails; sent 1/);
    const fromCron = unsubscribeLink(await nextMail(3));

    server = await startServer(port);
    try {
      expect(server.output()).toContain("SIGNING_SECRET is not set: using the one kept in the database");
      expect((await oneClick(before)).status).toBe(200);
      const state = await fetch(before, { headers: { Accept: "application/json" } });
      expect((await state.json()).status).toBe("unsubscribed");
      expect((await oneClick(fromCron)).status).toBe(200);
      expect((await fetch(`${server.url}/v1/questions?limit=2&cursor=${cursor}`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});

describe("signingSecretFor", () => {
  it("generates one secret for a database, whichever of several starts comes first, and keeps it", async () => {
    const db = createDatabase(await createTestDatabase({ seed: false }));
    const now = new Date("2026-12-01T00:00:00Z");
    const starts = await Promise.all([signingSecretFor(db, undefined, now), signingSecretFor(db, undefined, now)]);
    expect(starts[0].secret).toBe(starts[1].secret);
    expect(starts[0].secret.length).toBeGreaterThanOrEqual(32);
    expect((await signingSecretFor(db, undefined, now)).source).toBe("stored");
  });

  it("uses SIGNING_SECRET when set, and warns when it replaces the one kept in the database", async () => {
    const db = createDatabase(await createTestDatabase({ seed: false }));
    const now = new Date("2026-12-01T00:00:00Z");
    expect(await signingSecretFor(db, TEST_SECRET, now)).toEqual({ secret: TEST_SECRET, source: "environment", replacesStored: false });
    const kept = await signingSecretFor(db, undefined, now);
    expect(await signingSecretFor(db, kept.secret, now)).toMatchObject({ source: "environment", replacesStored: false });
    const replaced = await signingSecretFor(db, TEST_SECRET, now);
    expect(replaced).toMatchObject({ secret: TEST_SECRET, replacesStored: true });
    expect(describeSigningSecret(replaced)).toMatchObject({ level: "warn", message: expect.stringContaining("no longer verify") });
  });
});
