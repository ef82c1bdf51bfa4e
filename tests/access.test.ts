import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Client } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "../src/db/client.js";
import { createApiKey } from "../src/keys/keys.js";
import { openDatabaseClient } from "../src/node/database.js";
import { createTestApp, createTestDatabase, getJson, TEST_ADMIN_KEY } from "./helpers.js";
import { runProcess, TSX } from "./process.js";

// API keys and rate limits, as a client sees them: headers, 401/403/429 problems, and limits that hold.

let client: Client;
beforeAll(async () => {
  client = await createTestDatabase();
});

const root = { Authorization: `Bearer ${TEST_ADMIN_KEY}` };
const json = { "Content-Type": "application/json" };

async function newKey(app: ReturnType<typeof createTestApp>, body: Record<string, unknown>) {
  const res = await app.request("/v1/admin/keys", { method: "POST", headers: { ...root, ...json }, body: JSON.stringify(body) });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { id: string; key: string; kind: string; prefix: string; rateLimitPerMinute: number; allowedOrigins: string[] };
}

function expectRateLimitHeaders(res: Response, limit: number, remaining: number) {
  expect(res.headers.get("RateLimit-Policy")).toBe(`${limit};w=60`);
  expect(res.headers.get("RateLimit-Limit")).toBe(String(limit));
  expect(res.headers.get("RateLimit-Remaining")).toBe(String(remaining));
  expect(Number(res.headers.get("RateLimit-Reset"))).toBeGreaterThan(0);
  expect(Number(res.headers.get("RateLimit-Reset"))).toBeLessThanOrEqual(60);
}

describe("anonymous rate limits", () => {
  it("count each client address and answer 429 problem+json with Retry-After over the limit", async () => {
    const app = createTestApp(client, { anonRateLimitPerMinute: 3 });
    const from = (address: string) => ({ headers: { "X-Test-Client": address } });
    for (let i = 0; i < 3; i++) {
      const res = await app.request("/v1/categories", from("198.51.100.7"));
      expect(res.status).toBe(200);
      expectRateLimitHeaders(res, 3, 2 - i);
    }
    const limited = await app.request("/v1/categories", from("198.51.100.7"));
    expect(limited.status).toBe(429);
    expect(limited.headers.get("Content-Type")).toBe("application/problem+json");
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    expectRateLimitHeaders(limited, 3, 0);
    const problem = (await limited.json()) as { code: string; detail: string };
    expect(problem.code).toBe("too-many-requests");
    expect(problem.detail).toMatch(/3 requests per minute.*API key/);

    // Another address has its own allowance.
    expect((await app.request("/v1/categories", from("203.0.113.9"))).status).toBe(200);
  });

  it("put the headers on every kind of response: content, 304, 404, 400, HTML docs", async () => {
    const app = createTestApp(client, { anonRateLimitPerMinute: 100 });
    const first = await app.request("/v1/questions?limit=1");
    expectRateLimitHeaders(first, 100, 99);
    const notModified = await app.request("/v1/questions?limit=1", { headers: { "If-None-Match": first.headers.get("ETag") ?? "" } });
    expect(notModified.status).toBe(304);
    expectRateLimitHeaders(notModified, 100, 98);
    const missing = await app.request("/v1/questions/no-such-question");
    expect(missing.status).toBe(404);
    expectRateLimitHeaders(missing, 100, 97);
    const invalid = await app.request("/v1/questions?limit=500");
    expect(invalid.status).toBe(400);
    expectRateLimitHeaders(invalid, 100, 96);
    expectRateLimitHeaders(await app.request("/health"), 100, 95);
  });

  it("with a huge limit still run and report it", async () => {
    const app = createTestApp(client);
    const res = await app.request("/v1/prep-plan");
    expect(res.status).toBe(200);
    expectRateLimitHeaders(res, 1_000_000_000, 999_999_999);
  });

  it("count CORS preflights like any request: over the limit a preflight is a 429 too", async () => {
    const app = createTestApp(client, { anonRateLimitPerMinute: 3 });
    const preflight = () =>
      app.request("/v1/questions", {
        method: "OPTIONS",
        headers: { Origin: "https://a.example", "Access-Control-Request-Method": "GET", "X-Test-Client": "192.0.2.80" },
      });
    const first = await preflight();
    expect(first.status).toBe(204);
    expectRateLimitHeaders(first, 3, 2);
    expect((await preflight()).status).toBe(204);
    expect((await preflight()).status).toBe(204);
    const over = await preflight();
    expect(over.status).toBe(429);
    expect(over.headers.get("Content-Type")).toBe("application/problem+json");
    expect(over.headers.get("Access-Control-Allow-Origin")).toBe("*");
    // The preflights spent the address's minute: its reads are refused as well.
    expect((await app.request("/v1/categories", { headers: { "X-Test-Client": "192.0.2.80" } })).status).toBe(429);
  });

  it("let browsers send keys and read the limits (CORS)", async () => {
    const app = createTestApp(client);
    const preflight = await app.request("/v1/questions", {
      method: "OPTIONS",
      headers: { Origin: "https://prep.example.com", "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "authorization" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("Access-Control-Allow-Headers")?.toLowerCase()).toContain("authorization");
    const res = await app.request("/v1/categories", { headers: { Origin: "https://prep.example.com" } });
    const exposed = res.headers.get("Access-Control-Expose-Headers") ?? "";
    for (const name of ["RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "RateLimit-Policy", "Retry-After"])
      expect(exposed).toContain(name);
  });
});

describe("API keys", () => {
  it("are created, listed, read and revoked by the root secret; only a hash is stored", async () => {
    const app = createTestApp(client);
    const created = await newKey(app, { kind: "secret", name: "Key lifecycle" });
    expect(created.key).toMatch(/^sk_[0-9A-Za-z]{32}$/);
    expect(created.prefix).toBe(created.key.slice(0, 8));
    expect(created.rateLimitPerMinute).toBe(3000);

    const listed = await getJson(app, "/v1/admin/keys", { headers: root });
    expect(listed.status).toBe(200);
    const entry = listed.body.data.find((k: { id: string }) => k.id === created.id);
    expect(entry).toMatchObject({ kind: "secret", name: "Key lifecycle", revokedAt: null });
    expect(JSON.stringify(listed.body)).not.toContain(created.key);
    expect((await getJson(app, `/v1/admin/keys/${created.id}`, { headers: root })).body.name).toBe("Key lifecycle");

    const stored = await client.execute({ sql: "SELECT * FROM api_keys WHERE id = ?", args: [created.id] });
    expect(JSON.stringify(stored.rows)).not.toContain(created.key);

    const works = await app.request("/v1/categories", { headers: { Authorization: `Bearer ${created.key}` } });
    expect(works.status).toBe(200);
    expectRateLimitHeaders(works, 3000, 2999);

    const revoked = await app.request(`/v1/admin/keys/${created.id}`, { method: "DELETE", headers: root });
    expect(revoked.status).toBe(200);
    expect(((await revoked.json()) as { revokedAt: string }).revokedAt).toBe("2026-11-25T10:00:00.000Z");
    const refused = await app.request("/v1/categories", { headers: { Authorization: `Bearer ${created.key}` } });
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { detail: string }).detail).toContain("revoked");
    expect((await app.request("/v1/admin/keys/key_AAAAAAAAAAAA", { method: "DELETE", headers: root })).status).toBe(404);
  });

  it("are refused, not downgraded: forged, malformed, other schemes → 401 with a Bearer challenge", async () => {
    const app = createTestApp(client);
    for (const authorization of [
      "Bearer sk_0000000000000000000000000000000A",
      "Bearer pk_0000000000000000000000000000000A",
      "Bearer not-a-key",
      "Bearer ",
      "Basic dXNlcjpwYXNz",
      "sk_0000000000000000000000000000000A",
    ]) {
      const res = await app.request("/v1/questions", { headers: { Authorization: authorization } });
      expect(res.status, authorization).toBe(401);
      expect(res.headers.get("Content-Type")).toBe("application/problem+json");
      expect(res.headers.get("WWW-Authenticate")).toMatch(/^Bearer realm=/);
      expect(res.headers.get("RateLimit-Limit")).toBe("1000000000");
    }
  });

  it("count refused credentials against the address, so guessing keys is rate limited too", async () => {
    const app = createTestApp(client, { anonRateLimitPerMinute: 2 });
    const headers = { "X-Test-Client": "192.0.2.44", Authorization: "Bearer sk_0000000000000000000000000000000A" };
    expect((await app.request("/v1/categories", { headers })).status).toBe(401);
    expect((await app.request("/v1/categories", { headers })).status).toBe(401);
    expect((await app.request("/v1/categories", { headers })).status).toBe(429);
    expect((await app.request("/v1/categories", { headers: { "X-Test-Client": "192.0.2.44" } })).status).toBe(429);
  });

  it("publishable: only from the origins they were issued for, with their own limit", async () => {
    const app = createTestApp(client, { anonRateLimitPerMinute: 10 });
    const pk = await newKey(app, { kind: "publishable", name: "Prep site", allowedOrigins: ["https://prep.example.com"], rateLimitPerMinute: 2 });
    expect(pk.key).toMatch(/^pk_/);
    const auth = { Authorization: `Bearer ${pk.key}` };

    const ok = await app.request("/v1/questions?limit=1", { headers: { ...auth, Origin: "https://prep.example.com" } });
    expect(ok.status).toBe(200);
    expectRateLimitHeaders(ok, 2, 1);

    const wrongOrigin = await app.request("/v1/questions?limit=1", { headers: { ...auth, Origin: "https://evil.example" } });
    expect(wrongOrigin.status).toBe(403);
    expect(((await wrongOrigin.json()) as { detail: string }).detail).toContain("https://prep.example.com");
    const noOrigin = await app.request("/v1/questions?limit=1", { headers: auth });
    expect(noOrigin.status).toBe(403);

    expect((await app.request("/v1/categories", { headers: { ...auth, Origin: "https://prep.example.com" } })).status).toBe(200);
    const over = await app.request("/v1/categories", { headers: { ...auth, Origin: "https://prep.example.com" } });
    expect(over.status).toBe(429);
    expect(((await over.json()) as { detail: string }).detail).toContain("2 requests per minute");

    const admin = await app.request("/v1/admin/outbox", { headers: { ...auth, Origin: "https://prep.example.com", "X-Test-Client": "other" } });
    expect(admin.status).toBe(403); // another visitor has their own share of the key's limit, and no admin access
  });

  it("publishable: counted per key and client address, so forged requests from one address lock out nobody else", async () => {
    const app = createTestApp(client, { anonRateLimitPerMinute: 1000 });
    const pk = await newKey(app, { kind: "publishable", name: "Blog", allowedOrigins: ["https://blog.example.com"], rateLimitPerMinute: 20 });
    // Anyone can read the key in the page and forge its Origin outside a browser.
    const forged = { Authorization: `Bearer ${pk.key}`, Origin: "https://blog.example.com", "X-Test-Client": "203.0.113.66" };
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await app.request("/v1/categories", { headers: forged })).status);
    expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
    // A real visitor of the site, elsewhere, still has the key's whole limit.
    const visitor = await app.request("/v1/categories", { headers: { ...forged, "X-Test-Client": "198.51.100.23" } });
    expect(visitor.status).toBe(200);
    expectRateLimitHeaders(visitor, 20, 19);
  });

  it("secret: refused from a web page, admin operations only with admin access, never key management", async () => {
    const app = createTestApp(client);
    const plain = await newKey(app, { kind: "secret", name: "Backend" });
    const admin = await newKey(app, { kind: "secret", name: "Ops", admin: true });

    const fromBrowser = await app.request("/v1/categories", { headers: { Authorization: `Bearer ${plain.key}`, Origin: "https://someone.example" } });
    expect(fromBrowser.status).toBe(403);
    expect(((await fromBrowser.json()) as { detail: string }).detail).toMatch(/Secret keys belong on servers/);
    // Our own docs page (same origin) may try requests with a secret key.
    expect((await app.request("/v1/categories", { headers: { Authorization: `Bearer ${plain.key}`, Origin: "http://api.test" } })).status).toBe(200);

    expect((await app.request("/v1/admin/outbox", { headers: { Authorization: `Bearer ${plain.key}` } })).status).toBe(403);
    expect((await app.request("/v1/admin/outbox", { headers: { Authorization: `Bearer ${admin.key}` } })).status).toBe(200);
    expect((await app.request("/v1/admin/outbox")).status).toBe(401);
    const escalate = await app.request("/v1/admin/keys", {
      method: "POST",
      headers: { Authorization: `Bearer ${admin.key}`, ...json },
      body: JSON.stringify({ kind: "secret", name: "Escalation", admin: true }),
    });
    expect(escalate.status).toBe(403);
    expect((await app.request("/v1/admin/keys", { headers: { Authorization: `Bearer ${admin.key}` } })).status).toBe(403);
  });

  it("reject invalid key requests with 400 and create nothing", async () => {
    const app = createTestApp(client);
    const before = (await client.execute("SELECT count(*) AS n FROM api_keys")).rows[0]?.n;
    for (const body of [
      { kind: "publishable", name: "No origins" },
      { kind: "publishable", name: "Path", allowedOrigins: ["https://example.com/path"] },
      { kind: "publishable", name: "Slash", allowedOrigins: ["https://example.com/"] },
      { kind: "publishable", name: "Admin pk", allowedOrigins: ["https://example.com"], admin: true },
      { kind: "secret", name: "Origins", allowedOrigins: ["https://example.com"] },
      { kind: "secret", name: "Zero", rateLimitPerMinute: 0 },
      { kind: "root", name: "Unknown kind" },
      { kind: "secret", name: "" },
      { kind: "secret", name: "Extra", owner: "me" },
    ]) {
      const res = await app.request("/v1/admin/keys", { method: "POST", headers: { ...root, ...json }, body: JSON.stringify(body) });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers.get("Content-Type")).toBe("application/problem+json");
    }
    expect((await client.execute("SELECT count(*) AS n FROM api_keys")).rows[0]?.n).toBe(before);
  });
});

describe("npm run keys", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "keys-cli-"));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it("creates a key the API accepts, lists it, and revokes it", async () => {
    const env = { DATABASE_URL: `file:${path.join(dir, "keys.db")}` };
    const create = await runProcess(
      TSX,
      ["scripts/keys.ts", "create", "--kind", "publishable", "--name", "CLI site", "--origin", "https://cli.example.com", "--limit", "42"],
      env,
    );
    expect(create.code, create.output).toBe(0);
    const key = /^(pk_[0-9A-Za-z]{32})$/m.exec(create.output)?.[1];
    const id = /^(key_[0-9A-Za-z]{12})/m.exec(create.output)?.[1];
    expect(key && id, create.output).toBeTruthy();

    const fileClient = await openDatabaseClient(env.DATABASE_URL);
    const app = createTestApp(fileClient);
    const res = await app.request("/v1/categories", { headers: { Authorization: `Bearer ${key}`, Origin: "https://cli.example.com" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("RateLimit-Limit")).toBe("42");

    const list = await runProcess(TSX, ["scripts/keys.ts", "list"], env);
    expect(list.output).toMatch(new RegExp(`${id}\\s+publishable.*42/min.*active.*"CLI site" origins=https://cli.example.com`));
    expect(list.output).not.toContain(key);

    const revoke = await runProcess(TSX, ["scripts/keys.ts", "revoke", id as string], env);
    expect(revoke.code, revoke.output).toBe(0);
    expect((await app.request("/v1/categories", { headers: { Authorization: `Bearer ${key}`, Origin: "https://cli.example.com" } })).status).toBe(
      401,
    );
    fileClient.close();

    const bad = await runProcess(TSX, ["scripts/keys.ts", "create", "--kind", "publishable", "--name", "No origin"], env);
    expect(bad.code).toBe(2);
    expect(bad.output).toContain("--origin: a publishable key needs at least one allowed origin");
  });
});

describe("keys made in code", () => {
  it("hash the same way the API looks them up", async () => {
    const app = createTestApp(client);
    const created = await createApiKey(createDatabase(client), { kind: "secret", name: "In code" }, new Date());
    expect((await app.request("/v1/resources", { headers: { Authorization: `Bearer ${created.key}` } })).status).toBe(200);
  });
});
