import { createHash } from "node:crypto";
import type { Client } from "@libsql/client";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkResponse, type Operation, operations, overLimit, type Resolution, resolveRequest, type Sizes } from "./fuzz/contract.js";
import { authHeader, type GeneratedRequest, knownTokens, requestFor, toFetch } from "./fuzz/requests.js";
import { rawCases, type SocketServer, sendRaw, startSocketServer } from "./fuzz/socket.js";
import { hostileString } from "./fuzz/values.js";
import { createTestApp, createTestDatabase } from "./helpers.js";

// Property-based fuzzing of every operation in the committed openapi.json: thousands of requests
// derived from the document (hostile parameters, headers and bodies), sent to the app over a real
// in-memory libSQL database, and a share over a real socket where raw bytes matter. Not one 5xx;
// every status is one the document declares for the operation; every 4xx is the problem+json (or,
// for embed pages, the HTML) the document says; content and pre-existing subscribers unchanged.
//
// FUZZ_SEED=<n> replays a run; FUZZ_RUNS=<n> sets the requests per operation; FUZZ_COLLECT=1 lists
// every distinct violation at the end instead of stopping (and shrinking) at the first per operation.

const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const COLLECT = process.env.FUZZ_COLLECT === "1";

let client: Client;
let app: ReturnType<typeof createTestApp>;
let socket: SocketServer;
const counts = new Map<string, number>();
const collected = new Map<string, string>();
let refusedHeaders = 0;
let accepted202 = 0;
let contentBefore: string;
let subscribersBefore: Array<Record<string, unknown>>;
let mailsBefore: Array<Record<string, unknown>>;
const started = Date.now();

const statuses = new Map<string, Map<number, number>>();
const count = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
const tally = (key: string, status: number) => {
  const byStatus = statuses.get(key) ?? new Map<number, number>();
  statuses.set(key, byStatus.set(status, (byStatus.get(status) ?? 0) + 1));
};

async function rows(sql: string) {
  return (await client.execute(sql)).rows.map((r) => ({ ...r })) as Array<Record<string, unknown>>;
}

// Tables the API may legitimately write: sign-ups and their mail, rate-limit counters, API keys (root only).
const WRITABLE = new Set(["subscribers", "outbox", "deliveries", "rate_limits", "api_keys"]);

/** A hash of the schema and of every row of every other table: the content. */
async function contentHash(): Promise<string> {
  const hash = createHash("sha256");
  const tables = await rows("SELECT type, name, sql FROM sqlite_master ORDER BY type, name");
  hash.update(JSON.stringify(tables));
  for (const { type, name } of tables) {
    if (type !== "table" || WRITABLE.has(String(name)) || String(name).startsWith("sqlite_")) continue;
    const all = await rows(`SELECT * FROM "${String(name)}"`);
    const lines = all
      .map((r) => JSON.stringify(r, (_k, v) => (v instanceof ArrayBuffer ? Buffer.from(v).toString("hex") : typeof v === "bigint" ? String(v) : v)))
      .sort();
    hash.update(`${String(name)}\n${lines.join("\n")}`);
  }
  return hash.digest("hex");
}

const mailLink = (text: string, path: string) => text.match(new RegExp(`/v1/subscribers/${path}\\?token=([A-Za-z0-9._-]+)`))?.[1];

async function signUp(email: string) {
  const res = await app.request("/v1/subscribers", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email }),
  });
  expect(res.status).toBe(202);
  const [mail] = await rows(`SELECT text FROM outbox WHERE kind = 'confirmation' AND to_address = '${email}'`);
  return mailLink(String(mail!.text), "confirm")!;
}

async function confirm(token: string) {
  expect((await app.request(`/v1/subscribers/confirm?token=${token}`, { method: "POST", headers: { Accept: "application/json" } })).status).toBe(200);
}

beforeAll(async () => {
  client = await createTestDatabase();
  app = createTestApp(client, { signupLimitPerClient: 1_000_000 });
  // Subscribers that exist before the fuzz, with addresses it cannot guess: these must not change.
  const tag = () => crypto.randomUUID().slice(0, 8);
  await confirm(await signUp(`confirmed-${tag()}@pre.example`));
  await signUp(`pending-${tag()}@pre.example`);
  const left = `left-${tag()}@pre.example`;
  await confirm(await signUp(left));
  const [leftWelcome] = await rows(`SELECT text FROM outbox WHERE kind = 'welcome' AND to_address = '${left}'`);
  expect(
    (await app.request(`/v1/subscribers/unsubscribe?token=${mailLink(String(leftWelcome!.text), "unsubscribe")}`, { method: "POST" })).status,
  ).toBe(200);
  // And three the fuzz holds links of, so requests get past the token checks too (they are not
  // compared): one to change preferences and read the bank of, one to unsubscribe, one to confirm.
  const own = (name: string) => `fuzz-own-${name}-${tag()}@fuzz.example`;
  const [reader, leaver, pending] = [own("reader"), own("leaver"), own("pending")];
  await confirm(await signUp(reader));
  await confirm(await signUp(leaver));
  knownTokens.push(await signUp(pending));
  const welcome = async (email: string) =>
    String((await rows(`SELECT text FROM outbox WHERE kind = 'welcome' AND to_address = '${email}'`))[0]!.text);
  knownTokens.push(
    mailLink(await welcome(reader), "preferences")!,
    mailLink(await welcome(reader), "bank")!,
    mailLink(await welcome(leaver), "unsubscribe")!,
  );
  const fuzzOwned = (email: unknown) => String(email).startsWith("fuzz-own-");

  contentBefore = await contentHash();
  subscribersBefore = (await rows("SELECT * FROM subscribers ORDER BY id")).filter((s) => !fuzzOwned(s.email));
  mailsBefore = (await rows("SELECT * FROM outbox ORDER BY id")).filter((m) => !fuzzOwned(m.to_address));
  socket = await startSocketServer(client);
}, 120_000);

afterAll(async () => {
  await socket?.close();
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  console.log(
    `fuzz: ${total} generated requests in ${((Date.now() - started) / 1000).toFixed(1)} s (seed ${seed}, FUZZ_SEED=${seed} to replay; ${refusedHeaders} headers refused by the Request API)\n` +
      [...counts.entries()]
        .map(
          ([k, v]) =>
            `  ${String(v).padStart(5)}  ${k}  ${[...(statuses.get(k) ?? new Map<number, number>()).entries()]
              .sort(([a], [b]) => a - b)
              .map(([st, n]) => `${st}×${n}`)
              .join(" ")}`,
        )
        .join("\n"),
  );
  if (COLLECT) console.log(`fuzz violations:\n${[...collected.entries()].map(([k, v]) => `- ${k}\n    e.g. ${v}`).join("\n") || "none"}`);
});

function describeRequest(url: string, init: RequestInit): string {
  const headers = [...new Headers(init.headers).entries()]
    .map(([k, v]) => `${k}: ${v.length > 80 ? `${v.slice(0, 80)}…(${v.length})` : v}`)
    .join("; ");
  const body =
    init.body === undefined
      ? ""
      : ` body(${typeof init.body === "string" ? init.body.length : (init.body as Uint8Array).length}): ${String(typeof init.body === "string" ? init.body : Buffer.from(init.body as Uint8Array).toString("latin1")).slice(0, 120)}`;
  return `${init.method} ${url.length > 200 ? `${url.slice(0, 200)}…(${url.length})` : url} [${headers}]${body}`;
}

function violations(list: string[], request: string) {
  if (list.length === 0) return;
  if (COLLECT) {
    for (const v of list) {
      const key = v
        .replace(/\d{4,}/g, "N")
        .replace(/\((\d{3}, )+\d{3}\)/, "(…)")
        .slice(0, 160);
      if (!collected.has(key)) collected.set(key, request.slice(0, 600));
    }
    return;
  }
  throw new Error(`${list.join("\n")}\n  request: ${request}`);
}

/** What the caller's credentials must lead to, whatever else the request holds. */
function accessViolations(
  method: string,
  generated: GeneratedRequest,
  sentAuthorization: boolean,
  resolution: Resolution,
  status: number,
  sizes: Sizes,
): string[] {
  const out: string[] = [];
  if (method === "OPTIONS") return out;
  const kind = sentAuthorization ? generated.auth.kind : "none";
  if ((kind === "garbage" || kind === "unknown-key") && status !== 401 && status !== 429)
    out.push(`${status} for a bad Authorization header, not 401`);
  if (resolution.kind === "operation" && resolution.op.admin) {
    // Credentials, then the URL and body limits (before routing), then the admin requirement.
    const refused = [401, 403, 429, ...overLimit(sizes)];
    if (kind !== "root" && !refused.includes(status)) out.push(`${status} on an admin operation without the admin key`);
    if (kind !== "root" && status < 300) out.push(`admin operation succeeded without the admin key`);
  }
  return out;
}

async function sendGenerated(op: Operation, generated: GeneratedRequest, label = `${op.method} ${op.path}`) {
  const { url, init, dropped } = toFetch(op, generated);
  refusedHeaders += dropped;
  count(label);
  const sentAuthorization = new Headers(init.headers).has("authorization");
  const request = describeRequest(url, init);
  let res: Response;
  try {
    res = await app.request(url, init);
  } catch (err) {
    violations([`the app threw instead of answering: ${(err as Error).stack?.split("\n").slice(0, 3).join(" ")}`], request);
    return;
  }
  const body = new Uint8Array(await res.arrayBuffer());
  // As the app measures it: everything after the origin of the Request's URL (in-process, a fragment included).
  const { href, origin } = new URL(url);
  const sizes: Sizes = {
    urlBytes: href.length - origin.length,
    bodyBytes: init.body === undefined ? 0 : typeof init.body === "string" ? Buffer.byteLength(init.body) : (init.body as Uint8Array).length,
  };
  const method = ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"].includes(generated.method.toUpperCase())
    ? generated.method.toUpperCase()
    : generated.method;
  const resolution = resolveRequest(method, new URL(url).pathname);
  if (res.status === 202) accepted202++;
  tally(label, res.status);
  violations(
    [
      ...checkResponse(method, resolution, { status: res.status, headers: res.headers, body }, sizes),
      ...accessViolations(method, generated, sentAuthorization, resolution, res.status, sizes),
    ],
    request,
  );
}

async function run<T>(name: string, property: fc.IAsyncProperty<[T]>, numRuns: number) {
  const details = await fc.check(property, { numRuns, seed: seed + hashOf(name) });
  if (details.failed) {
    const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    throw new Error(`${name}: ${cause}\n${fc.defaultReportMessage(details) ?? "failed"}\n(replay: FUZZ_SEED=${seed})`);
  }
}

const hashOf = (s: string) => [...s].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 0);

describe("fuzzing every operation of openapi.json", () => {
  it("covers every operation of the document", () => {
    expect(operations.length).toBeGreaterThanOrEqual(28);
  });

  for (const op of operations) {
    it(`${op.method} ${op.path}: never a 5xx, only documented statuses, problem+json errors`, async () => {
      await run(
        `${op.method} ${op.path}`,
        fc.asyncProperty(requestFor(op), (generated) => sendGenerated(op, generated)),
        RUNS,
      );
    }, 120_000);
  }

  it("answers any method on any path (documented or not) with a documented status or 404/405 problem+json", async () => {
    const templates = [
      ...new Set(operations.map((op) => op.path)),
      "/",
      "/v1",
      "/v1/",
      "/v2/questions",
      "/problems/{x}",
      "/docs",
      "/openapi.json",
      "/v1/admin",
      "/v1/admin/{x}/{y}",
      "/.env",
      "/%2e%2e/etc/passwd",
    ];
    const arb = fc.record({
      method: fc.constantFrom("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "PROPFIND", "get", "FOO"),
      template: fc.constantFrom(...templates),
      value: hostileString,
      auth: authHeader,
      suffix: fc.constantFrom("", "/", "//", "/x", "?", "#frag", ";x=1", "/.", "/..", "%00", "%2f"),
    });
    await run(
      "methods",
      fc.asyncProperty(arb, async ({ method, template, value, auth, suffix }) => {
        let encoded: string;
        try {
          encoded = encodeURIComponent(value.slice(0, 300)) || "x";
        } catch {
          encoded = "x";
        }
        const path = template.replace(/\{[^}]+\}/g, encoded) + suffix;
        const op: Operation = { id: "any", method, path, pattern: /^$/, params: [], responses: {}, admin: false };
        await sendGenerated(
          op,
          {
            method,
            pathValues: [],
            query: [],
            auth,
            headers: [],
            ...(["GET", "HEAD"].includes(method.toUpperCase()) ? {} : { body: { kind: "json", bytes: "{}" } }),
          },
          "any method, any path",
        );
      }),
      Math.max(100, RUNS * 2),
    );
  }, 120_000);

  it("answers raw bytes over a real socket (invalid UTF-8 in path and query, overlong and malformed headers) without a 5xx", async () => {
    await run(
      "socket",
      fc.asyncProperty(rawCases, async (raw) => {
        count("raw socket");
        const answer = await sendRaw(socket.port, raw.bytes, raw.halfClose);
        tally("raw socket", answer?.status ?? 0);
        const request = `raw ${raw.label}: ${Buffer.from(raw.bytes.slice(0, 300)).toString("latin1")}`;
        if (!answer) {
          // node:http's parser closed the connection without a status line (e.g. HTTP/2.0 on an HTTP/1 port).
          count("raw socket: closed by node:http without an answer");
          return;
        }
        if (answer.fromNode) {
          // node:http's parser refused the bytes before the app saw them (400/431/414, no body).
          count("raw socket: refused by node:http's parser");
          if (answer.status >= 500) violations([`${answer.status} from node:http`], request);
          return;
        }
        let pathname = "/";
        try {
          pathname = new URL(raw.target, "http://api.test").pathname;
        } catch {
          /* resolved as not found */
        }
        violations(
          checkResponse(raw.method, resolveRequest(raw.method, pathname), answer, { urlBytes: raw.target.length, bodyBytes: raw.bytes.length }),
          request,
        );
      }),
      Math.max(100, Math.round(RUNS * 1.5)),
    );
    // And the server is still there.
    const alive = await sendRaw(socket.port, new TextEncoder().encode("GET /health HTTP/1.1\r\nHost: api.test\r\nConnection: close\r\n\r\n"));
    expect(alive?.status).toBe(200);
  }, 120_000);

  it("changed no content, and no subscriber that existed before", async () => {
    expect(await contentHash()).toBe(contentBefore);
    const after = await rows("SELECT * FROM subscribers ORDER BY id");
    const byId = new Map(after.map((s) => [s.id, s]));
    for (const before of subscribersBefore) expect(byId.get(before.id), String(before.email)).toEqual(before);
    const mails = new Map((await rows("SELECT * FROM outbox")).map((m) => [m.id, m]));
    for (const before of mailsBefore) expect(mails.get(before.id)).toEqual(before);
    // The fuzz's own sign-ups are pending (it never sees their confirmation links), at most one per 202.
    const added = after.filter((s) => !subscribersBefore.some((b) => b.id === s.id) && !String(s.email).startsWith("fuzz-own-"));
    expect(added.every((s) => s.status === "pending")).toBe(true);
    expect(added.length).toBeLessThanOrEqual(accepted202);
    if (COLLECT) expect([...collected.keys()]).toEqual([]);
  });
});
