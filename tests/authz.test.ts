import { readFileSync } from "node:fs";
import type { Client } from "@libsql/client";
import { DrizzleQueryError } from "drizzle-orm/errors";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { createDatabase } from "../src/db/client.js";
import { BEARER_CHALLENGE, sameSecret } from "../src/http/access.js";
import { describeErrorForLog } from "../src/http/problem.js";
import { createLogger } from "../src/logger.js";
import { createTestApp, createTestDatabase, TEST_ADMIN_KEY, TEST_SECRET } from "./helpers.js";

// Authorization of every operator endpoint, derived from the committed OpenAPI document so that a
// new /v1/admin operation is covered as soon as it is documented. tests/access.test.ts covers how
// keys work on the public API (limits, CORS, the key lifecycle); this file covers who may call what.

type Schema = { $ref?: string; example?: unknown; properties?: Record<string, Schema>; required?: string[] };
interface Operation {
  method: string;
  path: string;
  parameters?: Array<{ name: string; in: string; required?: boolean; example?: unknown; schema?: Schema }>;
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses: Record<string, unknown>;
}
interface Document {
  paths: Record<string, Record<string, Omit<Operation, "method" | "path">>>;
  components: { schemas: Record<string, Schema> };
}

const committed = JSON.parse(readFileSync(new URL("../openapi.json", import.meta.url), "utf8")) as Document;
const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];

function adminOperations(doc: Document): Operation[] {
  return Object.entries(doc.paths)
    .filter(([path]) => path === "/v1/admin" || path.startsWith("/v1/admin/"))
    .flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => METHODS.includes(method))
        .map(([method, op]) => ({ ...op, method: method.toUpperCase(), path })),
    );
}

const operations = adminOperations(committed);
const name = (op: Operation) => `${op.method} ${op.path}`;
/** Key management needs ADMIN_API_KEY itself; the other admin operations also take admin sk_ keys. */
const isKeyManagement = (op: Operation) => op.path === "/v1/admin/keys" || op.path.startsWith("/v1/admin/keys/");

const resolve = (schema: Schema | undefined): Schema | undefined =>
  schema?.$ref ? committed.components.schemas[schema.$ref.replace("#/components/schemas/", "")] : schema;

/** A body built from the documented examples: what a client reading the docs would send. */
function exampleBody(schema: Schema | undefined): unknown {
  const s = resolve(schema);
  if (!s) return undefined;
  if (s.example !== undefined) return s.example;
  return Object.fromEntries(Object.entries(s.properties ?? {}).map(([key, prop]) => [key, exampleBody(prop)]));
}

/** The request a documented operation takes, with the documented examples, or `values` where given. */
function requestFor(op: Operation, values: Record<string, string> = {}): { url: string; init: RequestInit } {
  let path = op.path;
  const query = new URLSearchParams();
  for (const p of op.parameters ?? []) {
    const value = values[p.name] ?? String(p.example ?? p.schema?.example ?? "");
    if (p.in === "path") path = path.replace(`{${p.name}}`, encodeURIComponent(value));
    else if (p.in === "query" && p.required) query.set(p.name, value);
  }
  const json = op.requestBody?.content?.["application/json"];
  const search = query.toString();
  return {
    url: `${path}${search ? `?${search}` : ""}`,
    init: { method: op.method, ...(json ? { body: JSON.stringify(exampleBody(json.schema)), headers: { "Content-Type": "application/json" } } : {}) },
  };
}

function send(app: ReturnType<typeof createTestApp>, op: Operation, headers: Record<string, string>, values?: Record<string, string>) {
  const { url, init } = requestFor(op, values);
  return app.request(url, { ...init, headers: { ...(init.headers as Record<string, string> | undefined), ...headers } });
}

const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });
const ALLOWED_ORIGIN = "https://prep.example.com";

let client: Client;
let app: ReturnType<typeof createTestApp>;
const keys: Record<"publishable" | "secret" | "admin" | "revoked", { id: string; key: string }> = {} as never;

async function createKey(body: Record<string, unknown>) {
  const res = await app.request("/v1/admin/keys", {
    method: "POST",
    headers: { ...bearer(TEST_ADMIN_KEY), "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { id: string; key: string };
}

const count = async (table: string) => Number((await client.execute(`SELECT count(*) AS n FROM ${table}`)).rows[0]?.n);

beforeAll(async () => {
  client = await createTestDatabase();
  app = createTestApp(client);
  keys.publishable = await createKey({ kind: "publishable", name: "Authz pk", allowedOrigins: [ALLOWED_ORIGIN] });
  keys.secret = await createKey({ kind: "secret", name: "Authz sk" });
  keys.admin = await createKey({ kind: "secret", name: "Authz admin sk", admin: true });
  keys.revoked = await createKey({ kind: "secret", name: "Authz revoked admin sk", admin: true });
  const revoked = await app.request(`/v1/admin/keys/${keys.revoked.id}`, { method: "DELETE", headers: bearer(TEST_ADMIN_KEY) });
  expect(revoked.status).toBe(200);
});

async function expectProblem(res: Response, status: 401 | 403, code: "unauthorized" | "forbidden") {
  expect(res.status).toBe(status);
  expect(res.headers.get("Content-Type")).toBe("application/problem+json");
  expect(res.headers.get("Cache-Control")).toBe("no-store");
  const body = (await res.json()) as { status: number; code: string; type: string };
  expect(body).toMatchObject({ status, code, type: `/problems/${code}` });
  if (status === 401) expect(res.headers.get("WWW-Authenticate")).toMatch(new RegExp(`^${BEARER_CHALLENGE.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
  return body;
}

/** Fresh objects for an accepted call, so deleting ones are answered 2xx (and nothing else is touched). */
async function freshValues(): Promise<Record<string, string>> {
  const subscribed = await app.request("/v1/subscribers", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email: "ada@example.com" }),
  });
  expect(subscribed.status).toBe(202);
  const key = await createKey({ kind: "secret", name: "Authz target" });
  return { email: "ada@example.com", id: key.id };
}

const successStatuses = (op: Operation) =>
  Object.keys(op.responses)
    .filter((s) => /^2\d\d$/.test(s))
    .map(Number);

describe("the admin operations", () => {
  it("are read from the committed openapi.json, which matches the app's own document", async () => {
    expect(operations.map(name)).toEqual(
      expect.arrayContaining([
        "GET /v1/admin/subscribers",
        "DELETE /v1/admin/subscribers",
        "GET /v1/admin/outbox",
        "POST /v1/admin/keys",
        "GET /v1/admin/keys",
        "GET /v1/admin/keys/{id}",
        "DELETE /v1/admin/keys/{id}",
      ]),
    );
    const live = (await (await app.request("/openapi.json")).json()) as Document;
    expect(adminOperations(live).map(name).sort()).toEqual(operations.map(name).sort());
    for (const op of operations) expect(op.responses, name(op)).toHaveProperty("401");
    for (const op of operations) expect(op.responses, name(op)).toHaveProperty("403");
  });
});

describe.each(operations.map((op) => [name(op), op] as const))("%s", (_title, op) => {
  it("refuses a request without credentials: 401 with a Bearer challenge", async () => {
    await expectProblem(await send(app, op, {}), 401, "unauthorized");
  });

  it("refuses a malformed key, another scheme and an empty bearer token: 401", async () => {
    for (const authorization of [
      "Bearer not-a-key",
      `Bearer ${TEST_ADMIN_KEY}x`,
      `Basic ${btoa(`admin:${TEST_ADMIN_KEY}`)}`,
      "Bearer ",
      TEST_ADMIN_KEY,
    ]) {
      const res = await send(app, op, { Authorization: authorization });
      expect(res.status, authorization).toBe(401);
      await expectProblem(res, 401, "unauthorized");
    }
  });

  it("refuses an unknown well-formed key: 401", async () => {
    await expectProblem(await send(app, op, bearer(`sk_${"A".repeat(32)}`)), 401, "unauthorized");
    await expectProblem(await send(app, op, { ...bearer(`pk_${"A".repeat(32)}`), Origin: ALLOWED_ORIGIN }), 401, "unauthorized");
  });

  it("refuses a revoked admin key: 401", async () => {
    const body = (await expectProblem(await send(app, op, bearer(keys.revoked.key)), 401, "unauthorized")) as unknown as { detail: string };
    expect(body.detail).toContain("revoked");
  });

  it("refuses a publishable key, from its allowed origin, another origin or none: 403", async () => {
    for (const origin of [ALLOWED_ORIGIN, "https://evil.example", undefined]) {
      await expectProblem(await send(app, op, { ...bearer(keys.publishable.key), ...(origin ? { Origin: origin } : {}) }), 403, "forbidden");
    }
  });

  it("refuses a secret key without admin access: 403", async () => {
    await expectProblem(await send(app, op, bearer(keys.secret.key)), 403, "forbidden");
  });

  it("refuses every secret, including ADMIN_API_KEY, sent from a foreign web page: 403", async () => {
    for (const key of [keys.admin.key, TEST_ADMIN_KEY]) {
      const body = (await expectProblem(await send(app, op, { ...bearer(key), Origin: "https://evil.example" }), 403, "forbidden")) as unknown as {
        detail: string;
      };
      expect(body.detail).toContain("https://evil.example");
    }
  });

  if (isKeyManagement(op)) {
    it("refuses a secret key with admin access: 403 (managing keys needs ADMIN_API_KEY)", async () => {
      await expectProblem(await send(app, op, bearer(keys.admin.key)), 403, "forbidden");
    });
  } else {
    it("accepts a secret key with admin access", async () => {
      const res = await send(app, op, bearer(keys.admin.key), await freshValues());
      expect(successStatuses(op), await res.clone().text()).toContain(res.status);
    });
  }

  it("accepts ADMIN_API_KEY, from a server or from our own origin (the /docs console)", async () => {
    for (const origin of [undefined, "http://api.test"]) {
      const res = await send(app, op, { ...bearer(TEST_ADMIN_KEY), ...(origin ? { Origin: origin } : {}) }, await freshValues());
      expect(successStatuses(op), await res.clone().text()).toContain(res.status);
      expect(res.headers.get("Cache-Control")).toBe("no-store");
    }
  });
});

describe("refused admin calls", () => {
  it("change nothing: no key is created or revoked, no subscriber erased", async () => {
    await freshValues();
    const before = {
      keys: await count("api_keys"),
      revoked: await count("api_keys WHERE revoked_at IS NOT NULL"),
      subscribers: await count("subscribers"),
    };
    for (const op of operations) {
      for (const headers of [{}, bearer(keys.secret.key), bearer(keys.revoked.key), { ...bearer(keys.publishable.key), Origin: ALLOWED_ORIGIN }]) {
        expect((await send(app, op, headers, { email: "ada@example.com", id: keys.secret.id })).status).toBeGreaterThanOrEqual(400);
      }
    }
    expect({
      keys: await count("api_keys"),
      revoked: await count("api_keys WHERE revoked_at IS NOT NULL"),
      subscribers: await count("subscribers"),
    }).toEqual(before);
    expect((await app.request(`/v1/admin/keys/${keys.secret.id}`, { headers: bearer(TEST_ADMIN_KEY) })).status).toBe(200);
    expect(
      ((await (await app.request(`/v1/admin/keys/${keys.secret.id}`, { headers: bearer(TEST_ADMIN_KEY) })).json()) as { revokedAt: null }).revokedAt,
    ).toBeNull();
  });

  it("are not reachable through path variants (trailing slash, percent-encoding, case, double slash)", async () => {
    for (const path of [
      "/v1/admin/outbox/",
      "/v1/%61dmin/outbox",
      "/v1/admin/%6Futbox",
      "/V1/admin/outbox",
      "/v1/ADMIN/outbox",
      "/v1//admin/outbox",
      "/v1/admin//outbox",
      "/v1/admin/keys/",
      "/v1/admin/./keys",
      "/v1/x/../admin/keys",
    ]) {
      for (const headers of [{}, bearer(keys.secret.key)]) {
        const res = await app.request(path, { headers });
        expect([401, 403, 404], `${path} → ${res.status}`).toContain(res.status);
        expect(res.headers.get("Content-Type")).toBe("application/problem+json");
      }
    }
  });
});

describe("sameSecret (constant-time comparison of ADMIN_API_KEY)", () => {
  it("is true for equal strings", async () => {
    expect(await sameSecret(TEST_ADMIN_KEY, `${TEST_ADMIN_KEY}`)).toBe(true);
    expect(await sameSecret("", "")).toBe(true);
    expect(await sameSecret("ключ-🔑", "ключ-🔑")).toBe(true);
  });

  it("is false for unequal strings of the same length, including a last-character difference", async () => {
    expect(await sameSecret(TEST_ADMIN_KEY, `${TEST_ADMIN_KEY.slice(0, -1)}X`)).toBe(false);
    expect(await sameSecret(`X${TEST_ADMIN_KEY.slice(1)}`, TEST_ADMIN_KEY)).toBe(false);
    expect(await sameSecret("abc", "ABC")).toBe(false);
  });

  it("is false for different lengths: prefixes, extensions, the empty string", async () => {
    expect(await sameSecret(TEST_ADMIN_KEY, TEST_ADMIN_KEY.slice(0, -1))).toBe(false);
    expect(await sameSecret(TEST_ADMIN_KEY, `${TEST_ADMIN_KEY} `)).toBe(false);
    expect(await sameSecret(TEST_ADMIN_KEY, "")).toBe(false);
    expect(await sameSecret("", TEST_ADMIN_KEY)).toBe(false);
    expect(await sameSecret("a", "a\u0000")).toBe(false);
  });

  it("compares fixed-length digests, so the work does not depend on where the strings differ", async () => {
    // Not a timing measurement (too noisy for CI): the comparison loop always covers 32 bytes.
    const calls: number[] = [];
    const digest = crypto.subtle.digest.bind(crypto.subtle);
    const spy = async (algorithm: AlgorithmIdentifier, data: BufferSource) => {
      calls.push((data as Uint8Array).byteLength);
      return digest(algorithm, data);
    };
    const original = crypto.subtle.digest;
    (crypto.subtle as { digest: typeof spy }).digest = spy;
    try {
      await sameSecret("short", "a much longer candidate secret");
    } finally {
      (crypto.subtle as { digest: typeof original }).digest = original;
    }
    expect(calls).toEqual([5, 30]);
  });
});

describe("logs", () => {
  it("describe a failed query without its parameters and mask addresses", () => {
    const failure = new DrizzleQueryError(
      "SELECT *\n  FROM subscribers WHERE email_key = ?",
      ["ada.lovelace@example.com"],
      new Error("SQLITE_BUSY near grace@example.org"),
    );
    const logged = describeErrorForLog(failure);
    expect(logged.error).toContain("SELECT * FROM subscribers WHERE email_key = ?");
    expect(logged.error).toContain("1 parameters, not logged");
    expect(JSON.stringify(logged)).not.toMatch(/ada\.lovelace|grace@/);
    expect(logged.cause).toBe("SQLITE_BUSY near g***@example.org");
    expect(describeErrorForLog(new Error("550 <grace.hopper@navy.mil> unknown")).error).toBe("Error: 550 <g***@navy.mil> unknown");
    expect(describeErrorForLog("plain")).toEqual({ error: "plain" });
  });

  it("of a sign-up, key management and an erasure name no address, key, token or client address", async () => {
    const lines: string[] = [];
    const logged = createApp({
      db: createDatabase(client),
      config: { publicUrl: "http://api.test", signingSecret: TEST_SECRET, adminApiKey: TEST_ADMIN_KEY },
      logger: createLogger("debug", (line) => lines.push(line)),
      clientAddress: () => "198.51.100.23",
    });
    const json = { "Content-Type": "application/json" };
    const address = "logged.person@example.net";
    expect((await logged.request("/v1/subscribers", { method: "POST", headers: json, body: JSON.stringify({ email: address }) })).status).toBe(202);
    const mail = (await client.execute({ sql: "SELECT text FROM outbox WHERE to_address = ?", args: [address] })).rows[0]?.text as string;
    const token = /confirm\?token=([\w-]+)/.exec(mail)?.[1];
    expect(token).toBeDefined();
    const created = await logged.request("/v1/admin/keys", {
      method: "POST",
      headers: { ...bearer(TEST_ADMIN_KEY), ...json },
      body: JSON.stringify({ kind: "secret", name: "Logged" }),
    });
    const { id, key } = (await created.json()) as { id: string; key: string };
    expect((await logged.request(`/v1/admin/keys/${id}`, { method: "DELETE", headers: bearer(TEST_ADMIN_KEY) })).status).toBe(200);
    expect(
      (await logged.request(`/v1/admin/subscribers?email=${encodeURIComponent(address)}`, { method: "DELETE", headers: bearer(TEST_ADMIN_KEY) }))
        .status,
    ).toBe(204);

    const text = lines.join("\n");
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(
      expect.arrayContaining(["sign-up", "api key created", "api key revoked", "subscriber erased"]),
    );
    expect(text).toContain("l***@example.net");
    for (const secret of [address, "logged.person", key, TEST_ADMIN_KEY, TEST_SECRET, "198.51.100.23", token as string])
      expect(text).not.toContain(secret);
  });

  it("keep error level for what an operator must fix: answers any client can ask for (4xx, a 501) are never errors", async () => {
    const lines: string[] = [];
    const db = await createTestDatabase();
    const logged = createApp({
      db: createDatabase(db),
      config: { publicUrl: "http://api.test", signingSecret: TEST_SECRET, adminApiKey: TEST_ADMIN_KEY },
      logger: createLogger("info", (line) => lines.push(line)),
      clientAddress: () => "198.51.100.23",
    });
    const asked = [
      ["/oembed?url=http%3A%2F%2Fapi.test%2Fembed%2Fquestions%2Fbias-variance-tradeoff&format=xml", 501],
      ["/v1/questions?limit=500", 400],
      ["/v1/questions/no-such-question", 404],
      ["/v1/admin/keys", 401],
    ] as const;
    for (const [url, status] of asked) expect((await logged.request(url)).status, url).toBe(status);
    expect(lines).toEqual([]);
    // A database that fails is still an error line.
    db.close();
    expect((await logged.request("/v1/questions/bias-variance-tradeoff")).status).toBe(503);
    expect(lines.map((l) => JSON.parse(l) as { level: string; msg: string })).toEqual([
      expect.objectContaining({ level: "error", msg: "database failure" }),
    ]);
  });
});
