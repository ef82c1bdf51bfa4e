import type { Client } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { createDatabase } from "../src/db/client.js";
import { EMBED_CSP } from "../src/embed/card.js";
import { createResponseCache, type ResponseCache } from "../src/node/response-cache.js";
import { createTestApp, createTestDatabase, FIXED_NOW, TEST_ADMIN_KEY, TEST_SECRET } from "./helpers.js";

// The headers that keep browsers from misreading or framing what we send, on every kind of
// response: JSON, 304, problem+json (4xx and 5xx), the docs, the subscriber pages, the widget,
// the embeds, CORS preflights, and answers replayed by the Node response cache.

type Kind = "json" | "html" | "embed" | "asset" | "preflight";
interface Case {
  name: string;
  kind: Kind;
  status: number;
  request: () => Response | Promise<Response>;
  /** Served under /embed/, where X-Frame-Options is left off (framed pages load it). */
  underEmbed?: boolean;
}

let client: Client;
let app: ReturnType<typeof createApp>;
let cache: ResponseCache;
let cachedApp: ReturnType<typeof createApp>;
let links: { confirm: string; unsubscribe: string; preferences: string; bank: string };

const json = { "Content-Type": "application/json" };
const admin = { Authorization: `Bearer ${TEST_ADMIN_KEY}` };

function appOn(db: Client, options: { publicUrl?: string; anonRateLimitPerMinute?: number; responseCache?: ResponseCache } = {}) {
  return createApp({
    db: createDatabase(db),
    config: {
      publicUrl: options.publicUrl ?? "http://api.test",
      signingSecret: TEST_SECRET,
      adminApiKey: TEST_ADMIN_KEY,
      anonRateLimitPerMinute: options.anonRateLimitPerMinute ?? 1_000_000_000,
    },
    clock: () => FIXED_NOW,
    clientAddress: (c) => c.req.header("X-Test-Client") ?? "test-client",
    docsScript: async () => new TextEncoder().encode("/* scalar */"),
    ...(options.responseCache ? { responseCache: options.responseCache } : {}),
  });
}

async function mailText(kind: string): Promise<string> {
  return (await client.execute({ sql: "SELECT text FROM outbox WHERE kind = ? ORDER BY id DESC LIMIT 1", args: [kind] })).rows[0]?.text as string;
}
const link = (text: string, path: string) => {
  const found = new RegExp(`http://api\\.test(/v1/subscribers/${path}\\?token=[A-Za-z0-9._-]+)`).exec(text)?.[1];
  if (!found) throw new Error(`no ${path} link`);
  return found;
};

beforeAll(async () => {
  client = await createTestDatabase();
  app = appOn(client);
  cache = createResponseCache({ db: createDatabase(client), versionCheckMs: 60_000 });
  await cache.checkVersion();
  cachedApp = appOn(client, { responseCache: cache });

  // A pending subscriber (a confirm link) and a confirmed one (the links of the welcome mail).
  expect(
    (await app.request("/v1/subscribers", { method: "POST", headers: json, body: JSON.stringify({ email: "pending@example.com" }) })).status,
  ).toBe(202);
  const confirm = link(await mailText("confirmation"), "confirm");
  expect((await app.request("/v1/subscribers", { method: "POST", headers: json, body: JSON.stringify({ email: "ada@example.com" }) })).status).toBe(
    202,
  );
  expect(
    (await app.request(link(await mailText("confirmation"), "confirm"), { method: "POST", headers: { Accept: "application/json" } })).status,
  ).toBe(200);
  const welcome = await mailText("welcome");
  links = { confirm, unsubscribe: link(welcome, "unsubscribe"), preferences: link(welcome, "preferences"), bank: link(welcome, "bank") };
});
afterAll(() => cache.stop());

const get =
  (path: string, headers: Record<string, string> = {}) =>
  () =>
    app.request(path, { headers });
const SLUG = "bias-variance-tradeoff";

const cases: Case[] = [
  { name: "JSON 200 (a list)", kind: "json", status: 200, request: get("/v1/questions?limit=1") },
  { name: "JSON 200 (HEAD)", kind: "json", status: 200, request: () => app.request("/v1/categories", { method: "HEAD" }) },
  {
    name: "304 Not Modified",
    kind: "json",
    status: 304,
    request: async () => {
      const first = await app.request("/v1/categories");
      return app.request("/v1/categories", { headers: { "If-None-Match": first.headers.get("ETag") ?? "" } });
    },
  },
  {
    name: "JSON 202 (sign-up)",
    kind: "json",
    status: 202,
    request: () => app.request("/v1/subscribers", { method: "POST", headers: json, body: '{"email":"new@example.com"}' }),
  },
  { name: "JSON 200 (admin)", kind: "json", status: 200, request: get("/v1/admin/outbox", admin) },
  {
    name: "JSON 200 (subscriber page asked as JSON)",
    kind: "json",
    status: 200,
    request: () => app.request(links.preferences, { headers: { Accept: "application/json" } }),
  },
  { name: "problem+json 400", kind: "json", status: 400, request: get("/v1/questions?limit=500") },
  { name: "problem+json 401", kind: "json", status: 401, request: get("/v1/admin/outbox") },
  {
    name: "problem+json 403",
    kind: "json",
    status: 403,
    request: get("/v1/categories", { Authorization: `Bearer ${TEST_ADMIN_KEY}`, Origin: "https://evil.example" }),
  },
  { name: "problem+json 404", kind: "json", status: 404, request: get("/v1/questions/no-such-question") },
  { name: "problem+json 405", kind: "json", status: 405, request: () => app.request("/v1/categories", { method: "DELETE" }) },
  {
    name: "problem+json 413",
    kind: "json",
    status: 413,
    request: () => app.request("/v1/subscribers", { method: "POST", headers: json, body: `{"email":"${"a".repeat(20_000)}"}` }),
  },
  {
    name: "problem+json 429",
    kind: "json",
    status: 429,
    request: async () => {
      const limited = appOn(client, { anonRateLimitPerMinute: 1 });
      await limited.request("/health");
      return limited.request("/health");
    },
  },
  {
    name: "problem+json 503 (database down)",
    kind: "json",
    status: 503,
    request: async () => {
      const down = await createTestDatabase({ seed: false });
      const downApp = appOn(down);
      down.close();
      return downApp.request("/v1/categories");
    },
  },
  { name: "/openapi.json", kind: "json", status: 200, request: get("/openapi.json") },
  { name: "/health", kind: "json", status: 200, request: get("/health") },
  { name: "/problems/{code}", kind: "json", status: 200, request: get("/problems/not-found") },
  { name: "/oembed", kind: "json", status: 200, request: get(`/oembed?url=${encodeURIComponent(`http://api.test/embed/questions/${SLUG}`)}`) },
  { name: "/docs (HTML)", kind: "html", status: 200, request: get("/docs") },
  { name: "confirm page (HTML)", kind: "html", status: 200, request: () => app.request(links.confirm) },
  { name: "unsubscribe page (HTML)", kind: "html", status: 200, request: () => app.request(links.unsubscribe) },
  { name: "preferences page (HTML)", kind: "html", status: 200, request: () => app.request(links.preferences) },
  {
    name: "preferences form answer (HTML)",
    kind: "html",
    status: 200,
    request: () =>
      app.request(links.preferences, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "frequency=weekly" }),
  },
  { name: "question bank (HTML)", kind: "html", status: 200, request: () => app.request(links.bank) },
  { name: "question bank (Markdown)", kind: "asset", status: 200, request: () => app.request(`${links.bank}&format=markdown`) },
  { name: "unsubscribe answer (HTML, after POST)", kind: "html", status: 200, request: () => app.request(links.unsubscribe, { method: "POST" }) },
  { name: "/widget.js", kind: "asset", status: 200, request: get("/widget.js", { Origin: "https://blog.example" }) },
  { name: "/docs/scalar.js", kind: "asset", status: 200, request: get("/docs/scalar.js") },
  { name: "/embed/embed.css", kind: "asset", status: 200, request: get("/embed/embed.css"), underEmbed: true },
  { name: "/embed/embed.js", kind: "asset", status: 200, request: get("/embed/embed.js"), underEmbed: true },
  { name: "embed page of a question", kind: "embed", status: 200, request: get(`/embed/questions/${SLUG}?theme=dark`) },
  { name: "embed page of the daily question", kind: "embed", status: 200, request: get("/embed/daily") },
  { name: "embed error page (404)", kind: "embed", status: 404, request: get("/embed/questions/no-such-question") },
  { name: "embed error page (400)", kind: "embed", status: 400, request: get("/embed/daily?date=yesterday") },
  {
    name: "CORS preflight",
    kind: "preflight",
    status: 204,
    request: () =>
      app.request("/v1/questions", { method: "OPTIONS", headers: { Origin: "https://a.example", "Access-Control-Request-Method": "GET" } }),
  },
  {
    name: "Node response cache: a replayed 200",
    kind: "json",
    status: 200,
    request: async () => {
      await cachedApp.request("/v1/categories/coding");
      const replayed = await cachedApp.request("/v1/categories/coding");
      expect(cache.size).toBeGreaterThan(0);
      return replayed;
    },
  },
  {
    name: "Node response cache: a replayed 304",
    kind: "json",
    status: 304,
    request: async () => {
      const first = await cachedApp.request("/v1/companies");
      const etag = { "If-None-Match": first.headers.get("ETag") ?? "" };
      await cachedApp.request("/v1/companies", { headers: etag });
      return cachedApp.request("/v1/companies", { headers: etag });
    },
  },
  {
    name: "Node response cache: a computed random deck",
    kind: "json",
    status: 200,
    request: async () => {
      await cachedApp.request("/v1/questions/random?count=2");
      return cachedApp.request("/v1/questions/random?count=2");
    },
  },
];

/** The directives of a Content-Security-Policy, by name. */
function directives(csp: string | null): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of (csp ?? "").split(";")) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out.set(name.toLowerCase(), values);
  }
  return out;
}

describe.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
  it("carries nosniff, no-referrer and the CSP and framing rules of its kind", async () => {
    const res = await c.request();
    expect(res.status, await res.clone().text()).toBe(c.status);
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(res.headers.get("Referrer-Policy")).toBe("no-referrer");
    expect(res.headers.get("X-Powered-By")).toBeNull();
    // PUBLIC_URL is http here: no HSTS (see the HSTS tests below).
    expect(res.headers.get("Strict-Transport-Security")).toBeNull();
    const csp = directives(res.headers.get("Content-Security-Policy"));
    const type = res.headers.get("Content-Type") ?? "";

    switch (c.kind) {
      case "json":
      case "asset":
        // JSON, problems, scripts, styles, Markdown: nothing to render, nothing to frame.
        expect(type).not.toMatch(/^text\/html/);
        expect(csp.get("default-src")).toEqual(["'none'"]);
        expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
        expect(res.headers.get("X-Frame-Options")).toBe(c.underEmbed ? null : "DENY");
        break;
      case "html": {
        expect(type).toMatch(/^text\/html/);
        expect(["'none'", "'self'"]).toContain(csp.get("default-src")?.join(" "));
        expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
        expect(res.headers.get("X-Frame-Options")).toBe("DENY");
        // Nothing is loaded from elsewhere: no wildcard, scheme or foreign host in any directive.
        for (const [name, values] of csp) {
          for (const value of values) expect(value, `${name} ${value}`).toMatch(/^'(none|self|unsafe-inline|unsafe-eval)'$|^data:$/);
        }
        break;
      }
      case "embed":
        expect(type).toMatch(/^text\/html/);
        expect(res.headers.get("Content-Security-Policy")).toBe(EMBED_CSP);
        expect(csp.get("frame-ancestors")).toEqual(["*"]);
        expect(csp.get("default-src")).toEqual(["'none'"]);
        expect(csp.get("script-src")).toEqual(["'self'"]);
        expect(res.headers.get("X-Frame-Options")).toBeNull();
        break;
      case "preflight":
        expect(await res.text()).toBe("");
        break;
    }
  });
});

describe("Strict-Transport-Security", () => {
  it("is sent on every kind of response when PUBLIC_URL is https, embeds included", async () => {
    const secure = appOn(client, { publicUrl: "https://api.example.com" });
    for (const path of ["/v1/categories", "/v1/questions/no-such-question", "/docs", `/embed/questions/${SLUG}`, "/widget.js"]) {
      const res = await secure.request(path);
      expect(res.headers.get("Strict-Transport-Security"), path).toBe("max-age=31536000; includeSubDomains");
    }
  });

  it("is not sent when PUBLIC_URL is plain http (a local server has no TLS to pin)", async () => {
    const local = createTestApp(client, { publicUrl: "http://localhost:3000" });
    for (const path of ["/v1/categories", "/docs", `/embed/questions/${SLUG}`]) {
      expect((await local.request(path)).headers.get("Strict-Transport-Security"), path).toBeNull();
    }
  });
});
