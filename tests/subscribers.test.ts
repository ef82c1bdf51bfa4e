import type { Client } from "@libsql/client";
import { beforeEach, describe, expect, it } from "vitest";
import { createDatabase } from "../src/db/client.js";
import { createTokenSigner } from "../src/http/signed-token.js";
import { createLogger } from "../src/logger.js";
import { queueDueQuestions } from "../src/subscribers/schedule.js";
import { createTestApp, createTestDatabase, TEST_ADMIN_KEY, TEST_SECRET } from "./helpers.js";

let client: Client;
let now: Date;
let app: ReturnType<typeof createTestApp>;

beforeEach(async () => {
  client = await createTestDatabase();
  now = new Date("2026-11-25T10:00:00Z");
  app = createTestApp(client, { clock: () => now });
});

const json = { "Content-Type": "application/json" };
const subscribe = (body: unknown, headers: Record<string, string> = {}) =>
  app.request("/v1/subscribers", { method: "POST", headers: { ...json, ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });

async function rows(sql: string, args: Array<string | number> = []) {
  return (await client.execute({ sql, args })).rows.map((r) => ({ ...r })) as Array<Record<string, any>>;
}
const mails = (kind?: string) => rows(`SELECT * FROM outbox ${kind ? "WHERE kind = ?" : ""} ORDER BY id`, kind ? [kind] : []);
const linkIn = (text: string, path: string) => {
  const match = text.match(new RegExp(`http://api\\.test/v1/subscribers/${path}\\?token=[A-Za-z0-9._-]+(&format=markdown)?`));
  if (!match) throw new Error(`no ${path} link in mail`);
  return match[0].replace("http://api.test", "");
};

async function confirmedSubscriber(email = "ada@example.com", preferences?: unknown) {
  expect((await subscribe({ email, ...(preferences ? { preferences } : {}) })).status).toBe(202);
  const [confirmation] = (await mails("confirmation")).filter((m) => m.to_address.toLowerCase() === email.toLowerCase());
  const res = await app.request(linkIn(confirmation!.text, "confirm"), { method: "POST", headers: { Accept: "application/json" } });
  expect(res.status).toBe(200);
  const [welcome] = (await mails("welcome")).filter((m) => m.to_address.toLowerCase() === email.toLowerCase());
  return welcome!;
}

describe("POST /v1/subscribers", () => {
  it("answers the same 202 for a new, a pending and a confirmed address", async () => {
    const fresh = await subscribe({ email: "new@example.com" });
    const pending = await subscribe({ email: "new@example.com" });
    await confirmedSubscriber("known@example.com");
    const confirmed = await subscribe({ email: "known@example.com" });
    const bodies = await Promise.all([fresh, pending, confirmed].map((r) => r.text()));
    expect([fresh.status, pending.status, confirmed.status]).toEqual([202, 202, 202]);
    expect(new Set(bodies).size).toBe(1);
    expect(JSON.parse(bodies[0]!)).toEqual({ status: "accepted", message: expect.any(String) });
  });

  it("queues a confirmation mail with a single-use link on PUBLIC_URL and List-Unsubscribe headers", async () => {
    await subscribe({ email: "ada@example.com" }, { Host: "evil.example" });
    const [mail] = await mails("confirmation");
    expect(mail!.to_address).toBe("ada@example.com");
    expect(mail!.text).toContain("http://api.test/v1/subscribers/confirm?token=");
    expect(mail!.html).not.toContain("evil.example");
    const headers = JSON.parse(mail!.headers);
    expect(headers["List-Unsubscribe"]).toMatch(/^<http:\/\/api\.test\/v1\/subscribers\/unsubscribe\?token=.+>$/);
    expect(headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    const [stored] = await rows("SELECT * FROM subscribers");
    const token = linkIn(mail!.text, "confirm").split("token=")[1]!;
    expect(stored!.confirm_token_hash).not.toBe(token);
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(stored!.consent_at).toBe("2026-11-25T10:00:00.000Z");
    expect(stored!.consent_source).toMatch(/^api/);
  });

  it("normalises the address: trimmed, domain lowercased, one subscriber whatever the case", async () => {
    await subscribe({ email: "  Ada.Lovelace@Example.COM " });
    expect(await rows("SELECT email, email_key FROM subscribers")).toEqual([
      { email: "Ada.Lovelace@example.com", email_key: "ada.lovelace@example.com" },
    ]);
    await subscribe({ email: "ADA.LOVELACE@EXAMPLE.COM" });
    expect(await rows("SELECT email_key FROM subscribers")).toEqual([{ email_key: "ada.lovelace@example.com" }]);
  });

  it("records preferences and rejects unknown categories or companies", async () => {
    await subscribe({ email: "p@example.com", preferences: { categories: ["coding"], companies: ["meta"], frequency: "daily" } });
    expect(await rows("SELECT categories, companies, frequency FROM subscribers")).toEqual([
      { categories: '["coding"]', companies: '["meta"]', frequency: "daily" },
    ]);
    const bad = await subscribe({ email: "q@example.com", preferences: { categories: ["astrology"] } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).allowed).toContain("coding");
  });

  it.each([
    ["no @", { email: "not-an-address" }],
    ["a line break (header injection)", { email: "ada@example.com\r\nBcc: victim@example.com" }],
    ["a control character", { email: "ada\u0000@example.com" }],
    ["a local part over 64 octets", { email: `${"a".repeat(65)}@example.com` }],
    ["an address over 254 octets", { email: `a@${"b".repeat(250)}.com` }],
    ["an unknown field", { email: "ada@example.com", admin: true }],
    ["an unknown preference", { email: "ada@example.com", preferences: { frequency: "hourly" } }],
    ["a missing email", { preferences: {} }],
    ["the wrong type", { email: 42 }],
    ["an array", [{ email: "ada@example.com" }]],
  ])("rejects %s with 400 problem+json and stores nothing", async (_what, body) => {
    const res = await subscribe(body);
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect((await res.json()).invalidParams.length).toBeGreaterThan(0);
    expect(await rows("SELECT * FROM subscribers")).toEqual([]);
    expect(await mails()).toEqual([]);
  });

  it("rejects malformed JSON, and oversized bodies with 413, storing nothing", async () => {
    const malformed = await subscribe('{"email": "ada@example.com"');
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).code).toBe("malformed-json");
    const huge = await subscribe({ email: "ada@example.com", padding: "x".repeat(40_000) });
    expect(huge.status).toBe(413);
    expect(await rows("SELECT * FROM subscribers")).toEqual([]);
  });

  it("resends a pending confirmation at most once per 10 minutes", async () => {
    await subscribe({ email: "ada@example.com" });
    await subscribe({ email: "ada@example.com" });
    expect(await mails("confirmation")).toHaveLength(1);
    now = new Date(now.getTime() + 11 * 60_000);
    await subscribe({ email: "ada@example.com" });
    expect(await mails("confirmation")).toHaveLength(2);
  });

  it("sends at most three confirmations per 48 hours to one address, then none until the oldest is 48 hours old, answering the same 202", async () => {
    const answers: string[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await subscribe({ email: "victim@example.com" }, { "X-Test-Client": `10.0.0.${i}` });
      expect(res.status).toBe(202);
      answers.push(await res.text());
      now = new Date(now.getTime() + 11 * 60_000);
    }
    expect(new Set(answers).size).toBe(1);
    expect(await mails("confirmation")).toHaveLength(3);
    // The first went out at 10:00; at 10:00 two days later the window has moved past it.
    now = new Date("2026-11-27T09:59:00Z");
    await subscribe({ email: "victim@example.com" });
    expect(await mails("confirmation")).toHaveLength(3);
    now = new Date("2026-11-27T10:01:00Z");
    await subscribe({ email: "victim@example.com" });
    expect(await mails("confirmation")).toHaveLength(4);
    // Other addresses are not held back by it.
    await subscribe({ email: "other@example.com" });
    expect(await mails("confirmation")).toHaveLength(5);
  });

  it.each([
    ["text/plain", "text/plain"],
    ["application/x-www-form-urlencoded", "application/x-www-form-urlencoded"],
    ["no Content-Type", undefined],
  ])("refuses a body sent as %s with 415 problem+json, storing nothing", async (_name, type) => {
    const res = await app.request("/v1/subscribers", {
      method: "POST",
      headers: type ? { "Content-Type": type } : {},
      body: JSON.stringify({ email: "ada@example.com" }),
    });
    expect(res.status).toBe(415);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect((await res.json()).code).toBe("unsupported-media-type");
    expect(await rows("SELECT * FROM subscribers")).toEqual([]);
  });

  it("makes one subscriber and at most two mails from forty simultaneous sign-ups", async () => {
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => subscribe({ email: i % 2 ? "Race@Example.com" : "race@example.com" })));
    expect(answers.every((r) => r.status === 202)).toBe(true);
    expect(await rows("SELECT id FROM subscribers")).toHaveLength(1);
    expect((await mails()).length).toBeGreaterThanOrEqual(1);
    expect((await mails()).length).toBeLessThanOrEqual(2);
  });

  it("limits sign-ups per client with 429 and Retry-After", async () => {
    app = createTestApp(client, { clock: () => now, signupLimitPerClient: 3 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await subscribe({ email: `u${i}@example.com` }, { "X-Test-Client": "10.0.0.1" })).status);
    expect(statuses).toEqual([202, 202, 202, 429]);
    const limited = await subscribe({ email: "u9@example.com" }, { "X-Test-Client": "10.0.0.1" });
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(limited.headers.get("content-type")).toBe("application/problem+json");
    expect((await subscribe({ email: "other@example.com" }, { "X-Test-Client": "10.0.0.2" })).status).toBe(202);
  });
});

describe("the confirmation link", () => {
  const pending = async () => (await rows("SELECT status FROM subscribers"))[0]!.status;

  it("shows a page with a Confirm button on GET and HEAD, confirming nothing (scanners fetch links)", async () => {
    await subscribe({ email: "ada@example.com" });
    const link = linkIn((await mails("confirmation"))[0]!.text, "confirm");
    expect((await app.request(link, { method: "HEAD" })).status).toBe(200);
    const page = await app.request(link);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain(`<form method="post" action="?token=${link.split("token=")[1]}">`);
    expect(html).toContain("Confirm my subscription</button>");
    expect(await (await app.request(link, { headers: { Accept: "application/json" } })).json()).toEqual({
      status: "pending",
      message: expect.any(String),
    });
    expect(await pending()).toBe("pending");
    expect(await mails("welcome")).toHaveLength(0);
  });

  it("confirms on POST, shows a page to a person and JSON to a program, and queues the welcome mail once", async () => {
    await subscribe({ email: "ada@example.com" });
    const link = linkIn((await mails("confirmation"))[0]!.text, "confirm");
    // What the page's form sends.
    const page = await app.request(link, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "" });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await page.text()).toContain("confirmed");
    const again = await app.request(link, { method: "POST", headers: { Accept: "application/json" } });
    expect(await again.json()).toEqual({ status: "already-confirmed", message: expect.any(String) });
    expect(await (await app.request(link, { headers: { Accept: "application/json" } })).json()).toEqual({
      status: "already-confirmed",
      message: expect.any(String),
    });
    expect(await mails("welcome")).toHaveLength(1);
    const [subscriber] = await rows("SELECT status, confirmed_at FROM subscribers");
    expect(subscriber).toEqual({ status: "confirmed", confirmed_at: "2026-11-25T10:00:00.000Z" });
  });

  it("says in the mail that the page's button confirms, not the link", async () => {
    await subscribe({ email: "ada@example.com" });
    const [mail] = await mails("confirmation");
    expect(mail!.text).toMatch(/press the Confirm button/);
    expect(mail!.text).toMatch(/opening the link alone confirms nothing/);
    expect(mail!.html).toMatch(/Opening the page alone confirms nothing/);
  });

  it.each(["GET", "POST"])("rejects a forged token (404), a malformed one (400) and an expired one (400) on %s", async (method) => {
    const forged = await app.request(`/v1/subscribers/confirm?token=${"A".repeat(43)}`, { method });
    expect(forged.status).toBe(404);
    expect((await app.request("/v1/subscribers/confirm?token=short", { method })).status).toBe(400);
    await subscribe({ email: "late@example.com" });
    const link = linkIn((await mails("confirmation"))[0]!.text, "confirm");
    now = new Date(now.getTime() + 49 * 3600_000);
    const expired = await app.request(link, { method });
    expect(expired.status).toBe(400);
    expect(expired.headers.get("content-type")).toBe("application/problem+json");
    expect(await pending()).toBe("pending");
  });

  it("never re-subscribes someone who unsubscribed (410)", async () => {
    await subscribe({ email: "ada@example.com" });
    const link = linkIn((await mails("confirmation"))[0]!.text, "confirm");
    await app.request(link, { method: "POST" });
    const welcome = (await mails("welcome"))[0]!;
    await app.request(linkIn(welcome.text, "unsubscribe"), {
      method: "POST",
      body: "List-Unsubscribe=One-Click",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect((await app.request(link)).status).toBe(410);
    const res = await app.request(link, { method: "POST" });
    expect(res.status).toBe(410);
    expect((await rows("SELECT status FROM subscribers"))[0]!.status).toBe("unsubscribed");
  });
});

describe("unsubscribe", () => {
  it("shows a button on GET without unsubscribing (scanners prefetch links)", async () => {
    const welcome = await confirmedSubscriber();
    const res = await app.request(linkIn(welcome.text, "unsubscribe"));
    const html = await res.text();
    expect(html).toContain('<form method="post"');
    expect(html).toContain("Unsubscribe</button>");
    expect((await rows("SELECT status FROM subscribers"))[0]!.status).toBe("confirmed");
  });

  it("unsubscribes with an RFC 8058 one-click POST, harmlessly twice, and cancels unsent mail", async () => {
    const welcome = await confirmedSubscriber();
    const url = JSON.parse(welcome.headers)["List-Unsubscribe"].slice(1, -1).replace("http://api.test", "");
    const post = () =>
      app.request(url, { method: "POST", body: "List-Unsubscribe=One-Click", headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    expect((await post()).status).toBe(200);
    expect((await post()).status).toBe(200);
    expect((await rows("SELECT status FROM subscribers"))[0]!.status).toBe("unsubscribed");
    expect((await rows("SELECT status FROM outbox WHERE kind = 'welcome'"))[0]!.status).toBe("failed");
  });

  it("rejects a forged link with 400", async () => {
    await confirmedSubscriber();
    const res = await app.request("/v1/subscribers/unsubscribe?token=eyJzIjoieCJ9.AAAAAAAAAAAAAAAAAAAAAA", { method: "POST" });
    expect(res.status).toBe(400);
    expect((await rows("SELECT status FROM subscribers"))[0]!.status).toBe("confirmed");
  });
});

describe("preferences", () => {
  it("reads and changes preferences through the signed link, as JSON and through the form", async () => {
    const welcome = await confirmedSubscriber();
    const link = linkIn(welcome.text, "preferences");
    const read = await app.request(link, { headers: { Accept: "application/json" } });
    expect(await read.json()).toEqual({ status: "confirmed", preferences: { categories: [], companies: [], frequency: "weekly" } });
    const put = await app.request(link, {
      method: "PUT",
      headers: json,
      body: JSON.stringify({ categories: ["coding"], companies: [], frequency: "daily" }),
    });
    expect(put.status).toBe(200);
    expect((await put.json()).preferences.frequency).toBe("daily");
    const form = await app.request(link, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "frequency=weekly&categories=deep-learning&categories=statistics-probability&companies=openai",
    });
    expect(form.status).toBe(200);
    expect(await form.text()).toContain("Saved");
    expect(await rows("SELECT categories, companies, frequency FROM subscribers")).toEqual([
      { categories: '["deep-learning","statistics-probability"]', companies: '["openai"]', frequency: "weekly" },
    ]);
    // A post without the form's select is not read as the default frequency.
    const partial = await app.request(link, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "categories=coding",
    });
    expect(partial.status).toBe(400);
    expect((await partial.json()).invalidParams).toEqual([{ name: "frequency", in: "body", reason: "Required" }]);
    expect(await rows("SELECT categories, frequency FROM subscribers")).toEqual([
      { categories: '["deep-learning","statistics-probability"]', frequency: "weekly" },
    ]);
  });

  it("rejects bad preferences and forged links without changing anything", async () => {
    const welcome = await confirmedSubscriber();
    const link = linkIn(welcome.text, "preferences");
    for (const body of [{ frequency: "hourly" }, { categories: ["astrology"] }, { categories: "coding" }, { extra: 1 }]) {
      const res = await app.request(link, { method: "PUT", headers: json, body: JSON.stringify(body) });
      expect(res.status).toBe(400);
    }
    const forged = await app.request(link.replace("preferences?", "preferences?x=1&"), { method: "PUT", headers: json, body: "{}" });
    expect(forged.status).toBe(400);
    const unsubscribeToken = linkIn(welcome.text, "unsubscribe").split("token=")[1];
    expect((await app.request(`/v1/subscribers/preferences?token=${unsubscribeToken}`)).status).toBe(400);
    expect((await rows("SELECT frequency FROM subscribers"))[0]!.frequency).toBe("weekly");
  });
});

describe("the question bank", () => {
  it("is served to confirmed subscribers as one HTML document and as Markdown, grouped by category", async () => {
    const welcome = await confirmedSubscriber();
    const html = await app.request(linkIn(welcome.text, "bank"));
    expect(html.status).toBe(200);
    const page = await html.text();
    expect(page).toContain('<section id="deep-learning">');
    expect(page).toContain("How the companies interview");
    const count = Number((await rows("SELECT count(*) AS n FROM questions"))[0]!.n);
    expect(page.match(/<article /g)).toHaveLength(count);
    const md = await app.request(`${linkIn(welcome.text, "bank").split("&")[0]}&format=markdown`);
    expect(md.headers.get("content-type")).toMatch(/^text\/markdown/);
    const markdown = await md.text();
    expect(markdown).toContain("## ML Algorithms & Theory");
    // Links between answers stay within the page, or lead to the questions' pages from the Markdown.
    expect(page).toContain('<a href="#bayes-theorem-medical-test">');
    expect(page).not.toMatch(/href="[^"]*\/v1\/questions\//);
    expect(page).toContain('<span class="hljs-keyword">');
    expect(page.match(/<math[ >]/g)?.length).toBeGreaterThan(8000);
    expect(markdown).toContain("](http://api.test/questions/bayes-theorem-medical-test)");
    expect(markdown).not.toContain("](/v1/questions/");
    expect(markdown).toContain("$\\alpha$");
  });

  it("is refused to anyone else", async () => {
    const welcome = await confirmedSubscriber();
    const link = linkIn(welcome.text, "bank");
    await app.request(linkIn(welcome.text, "unsubscribe"), { method: "POST" });
    expect((await app.request(link)).status).toBe(403);
    expect((await app.request("/v1/subscribers/bank?token=forged")).status).toBe(400);
  });
});

describe("question mails", () => {
  const signer = { links: createTokenSigner(TEST_SECRET, "subscriber-link"), publicUrl: "http://api.test" };
  const run = () => queueDueQuestions({ db: createDatabase(client), signer, now, logger: createLogger("silent") });

  it("sends one new question per period, honouring categories and companies, never repeating", async () => {
    await confirmedSubscriber("q@example.com", { categories: ["statistics-probability"], companies: ["meta"], frequency: "daily" });
    expect((await run()).queued).toBe(0); // not due yet
    const seen = new Set<number>();
    for (let day = 1; day <= 5; day++) {
      now = new Date(now.getTime() + 86_400_000);
      expect((await run()).queued).toBe(1);
      expect((await run()).queued).toBe(0); // a second run the same day sends nothing
    }
    const delivered = await rows("SELECT d.question_id, q.category_slug FROM deliveries d JOIN questions q ON q.id = d.question_id");
    for (const d of delivered) {
      expect(d.category_slug).toBe("statistics-probability");
      seen.add(d.question_id);
      const asked = await rows("SELECT 1 FROM question_companies WHERE question_id = ? AND company_slug = 'meta'", [d.question_id]);
      expect(asked).toHaveLength(1);
    }
    expect(seen.size).toBe(5);
    const questionMails = await mails("question");
    expect(questionMails).toHaveLength(5);
    expect(questionMails[0]!.text).toContain("http://api.test/v1/subscribers/unsubscribe?token=");
    // The permalink is the question's page for people, and it is one; no link leads into the JSON API.
    const permalink = /Permalink: http:\/\/api\.test(\/questions\/[a-z0-9-]+)/.exec(questionMails[0]!.text)?.[1];
    expect(permalink).toBeDefined();
    const page = await app.request(permalink!);
    expect(page.status).toBe(200);
    expect(page.headers.get("Content-Type")).toMatch(/^text\/html/);
    for (const mail of questionMails) {
      expect(mail.text).not.toContain("/v1/questions/");
      expect(mail.html).not.toMatch(/href="[^"]*\/v1\/questions\//);
    }
    expect(questionMails.some((mail) => /\]\(http:\/\/api\.test\/questions\/[a-z0-9-]+\)/.test(mail.text))).toBe(true);
    expect(questionMails.some((mail) => /<a href="http:\/\/api\.test\/questions\/[a-z0-9-]+">/.test(mail.html))).toBe(true);
    expect(JSON.parse(questionMails[0]!.headers)["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
  });

  it("sends nothing to unsubscribed or frequency-none subscribers", async () => {
    await confirmedSubscriber("none@example.com", { frequency: "none" });
    const welcome = await confirmedSubscriber("gone@example.com", { frequency: "daily" });
    await app.request(linkIn(welcome.text, "unsubscribe"), { method: "POST" });
    now = new Date(now.getTime() + 30 * 86_400_000);
    expect((await run()).queued).toBe(0);
  });
});

describe("/v1/admin", () => {
  const admin = { Authorization: `Bearer ${TEST_ADMIN_KEY}` };

  it.each<Record<string, string>>([{}, { Authorization: "Bearer wrong-key-wrong-key-wrong-key-wrong" }, { Authorization: TEST_ADMIN_KEY }])(
    "refuses %j with 401",
    async (headers) => {
      for (const [method, path] of [
        ["GET", "/v1/admin/outbox"],
        ["GET", "/v1/admin/subscribers?email=a@example.com"],
        ["DELETE", "/v1/admin/subscribers?email=a@example.com"],
      ] as const) {
        const res = await app.request(path, { method, headers });
        expect(res.status).toBe(401);
        expect(res.headers.get("content-type")).toBe("application/problem+json");
      }
    },
  );

  it("exports one subscriber's data and erases it", async () => {
    await confirmedSubscriber("ada@example.com");
    const exported = await app.request("/v1/admin/subscribers?email=ADA@example.com", { headers: admin });
    const body = await exported.json();
    expect(body.subscriber.email).toBe("ada@example.com");
    expect(body.subscriber).not.toHaveProperty("confirm_token_hash");
    expect(body.mails.map((m: { kind: string }) => m.kind)).toEqual(["confirmation", "welcome"]);
    expect((await app.request("/v1/admin/subscribers?email=ada@example.com", { method: "DELETE", headers: admin })).status).toBe(204);
    expect(await rows("SELECT * FROM subscribers")).toEqual([]);
    expect(await mails()).toEqual([]);
    expect((await app.request("/v1/admin/subscribers?email=ada@example.com", { headers: admin })).status).toBe(404);
  });

  it("reports outbox health", async () => {
    await subscribe({ email: "ada@example.com" });
    const res = await app.request("/v1/admin/outbox", { headers: admin });
    expect(await res.json()).toMatchObject({ pending: 1, sending: 0, sent: 0, failed: 0 });
  });
});
