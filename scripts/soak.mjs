// Soak test: the service exactly as `npm start` runs it, on a fresh temporary database, under 64
// concurrent keep-alive connections for --seconds: a mix of every kind of read and, about one
// request in ten, a sign-up of a new address. Then it checks that nothing failed and nothing was
// lost: no 5xx (nor any other unexpected status, nor a network error), and every sign-up answered
// 202 is a row of `subscribers` with its confirmation mail in `outbox` (MAIL_TRANSPORT=none: the
// mails stay queued). Prints the figures; exits 1 on any failure.
//
//   node scripts/soak.mjs --seconds=60           the documented run
//   node scripts/soak.mjs --seconds=10           what CI runs (tests/soak.test.ts)
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createClient } from "@libsql/client";
import { freePort } from "../bench/processes.mjs";

const ROOT = path.resolve(import.meta.dirname, "..");
const USAGE = `usage: node scripts/soak.mjs [--seconds=60] [--connections=64] [--signups=0.1] [--keep]
  --seconds=N       how long the load runs (default 60)
  --connections=N   concurrent connections, one request at a time each (default 64)
  --signups=SHARE   share of requests that are sign-ups (default 0.1)
  --keep            keep the temporary database directory (its path is printed)`;

const { values: args } = (() => {
  try {
    return parseArgs({
      options: {
        seconds: { type: "string", default: "60" },
        connections: { type: "string", default: "64" },
        signups: { type: "string", default: "0.1" },
        keep: { type: "boolean", default: false },
        help: { type: "boolean", default: false },
      },
    });
  } catch (err) {
    console.error(`soak: ${err.message}\n${USAGE}`);
    process.exit(2);
  }
})();
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const SECONDS = Number(args.seconds);
const CONNECTIONS = Number(args.connections);
const SIGNUP_SHARE = Number(args.signups);
if (!(SECONDS > 0) || !Number.isInteger(CONNECTIONS) || CONNECTIONS < 1 || !(SIGNUP_SHARE >= 0 && SIGNUP_SHARE <= 1)) {
  console.error(`soak: bad arguments\n${USAGE}`);
  process.exit(2);
}

const log = (message) => console.log(`soak: ${message}`);

// --- the service, as `npm start` runs it -------------------------------------------------------

/**
 * package.json's start script, run by sh with node_modules/.bin on PATH, as npm runs it (without
 * npm); `exec`, so the exit status checked at the end is the server's own.
 */
function startCommand() {
  const { scripts = {} } = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
  if (!scripts.start) throw new Error("package.json has no start script");
  return scripts.prestart ? `${scripts.prestart} && exec ${scripts.start}` : `exec ${scripts.start}`;
}

const dir = mkdtempSync(path.join(os.tmpdir(), "soak-"));
const dbFile = path.join(dir, "soak.db");
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
let serverOutput = "";
const server = spawn("/bin/sh", ["-c", startCommand()], {
  cwd: ROOT,
  detached: true, // its own process group: stopping it stops the node it runs
  stdio: ["ignore", "pipe", "pipe"],
  env: {
    ...process.env,
    PATH: `${path.join(ROOT, "node_modules/.bin")}${path.delimiter}${process.env.PATH}`,
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_URL: `file:${dbFile}`,
    PUBLIC_URL: base,
    LOG_LEVEL: "warn",
    SIGNING_SECRET: "soak-signing-secret-0123456789abcdef-not-for-production",
    MAIL_TRANSPORT: "none", // confirmation mails stay in the outbox, where they are checked
    MAIL_DIR: path.join(dir, "mail"),
    RATE_LIMIT_ANON_PER_MINUTE: "1000000000", // the limiter counts every request but never trips
    SIGNUP_LIMIT_PER_CLIENT: "100000", // the most it allows, per client per 10 minutes
  },
});
const collect = (chunk) => {
  serverOutput += chunk.toString();
  if (serverOutput.length > 200_000) serverOutput = serverOutput.slice(-100_000);
};
server.stdout.on("data", collect);
server.stderr.on("data", collect);
const serverExited = new Promise((resolve) => server.once("exit", (code, signal) => resolve({ code, signal })));
let stopping = false;

function killServer(signal) {
  try {
    process.kill(-server.pid, signal);
  } catch {}
}
async function stopServer() {
  if (server.exitCode !== null || server.signalCode !== null) return serverExited;
  stopping = true;
  killServer("SIGTERM");
  const timer = setTimeout(() => killServer("SIGKILL"), 15_000);
  const exit = await serverExited;
  clearTimeout(timer);
  return exit;
}
function cleanUp() {
  killServer("SIGKILL");
  if (!args.keep) rmSync(dir, { recursive: true, force: true });
}
process.on("SIGINT", () => {
  cleanUp();
  process.exit(130);
});

async function fail(message) {
  console.error(`soak: FAILED: ${message}`);
  const tail = serverOutput.trim().split("\n").slice(-20).join("\n");
  if (tail) console.error(`soak: the server's last output:\n${tail}`);
  cleanUp();
  process.exit(1);
}

serverExited.then(({ code, signal }) => {
  if (!stopping) void fail(`the server exited during the run (code ${code}, signal ${signal})`);
});

// --- HTTP ----------------------------------------------------------------------------------------

const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS, maxFreeSockets: CONNECTIONS });

/** One request: status, body text, latency in ms. Network errors and timeouts resolve as status 0. */
function request(method, pathAndQuery, { body, headers = {}, timeoutMs = 10_000 } = {}) {
  return new Promise((resolve) => {
    const started = performance.now();
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = http.request(
      `${base}${pathAndQuery}`,
      {
        method,
        agent,
        timeout: timeoutMs,
        headers: payload ? { ...headers, "Content-Type": "application/json", "Content-Length": payload.length } : headers,
      },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString(), ms: performance.now() - started }),
        );
        res.on("error", (err) => resolve({ status: 0, error: err.message, text: "", ms: performance.now() - started }));
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    req.on("error", (err) => resolve({ status: 0, error: `${err.code ?? ""} ${err.message}`.trim(), text: "", ms: performance.now() - started }));
    req.end(payload);
  });
}

async function getJson(pathAndQuery) {
  const res = await request("GET", pathAndQuery);
  if (res.status !== 200) await fail(`GET ${pathAndQuery} answered ${res.status} while preparing: ${res.text.slice(0, 300)}`);
  return JSON.parse(res.text);
}

// --- start, and learn what there is to read -------------------------------------------------------

const startedAt = performance.now();
for (;;) {
  const res = await request("GET", "/health", { timeoutMs: 2000 });
  if (res.status === 200) break;
  if (performance.now() - startedAt > 120_000) await fail("the server did not answer /health with 200 within 120 s");
  await new Promise((r) => setTimeout(r, 100));
}
log(`server up in ${Math.round(performance.now() - startedAt)} ms on ${base} (database ${dbFile})`);

const questions = [];
for (let cursor = null; ; ) {
  const page = await getJson(`/v1/questions?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
  questions.push(...page.data);
  cursor = page.page.nextCursor;
  if (!cursor) break;
}
const categories = (await getJson("/v1/categories")).data.map((c) => c.slug);
const companies = (await getJson("/v1/companies")).data.map((c) => c.slug);
const tags = [...new Set(questions.flatMap((q) => q.tags ?? []))];
const salaryCompanies = [...new Set((await getJson("/v1/salaries?limit=100")).data.map((s) => s.company.slug))];
const WORDS = [
  "regularization",
  "gradient",
  "attention",
  "bias variance",
  "overfitting",
  "embedding",
  "transformer",
  "precision recall",
  "batch norm",
  "sql join",
  "a/b test",
  "dropout",
];
log(`${questions.length} questions, ${categories.length} categories, ${companies.length} companies, ${tags.length} tags`);

// --- the mix ---------------------------------------------------------------------------------------

const pick = (list) => list[Math.floor(Math.random() * list.length)];
const difficulties = ["easy", "medium", "hard"];
const dateIn2026 = () => new Date(Date.UTC(2026, 0, 1) + Math.floor(Math.random() * 365) * 86_400_000).toISOString().slice(0, 10);

/** Weighted reads; each returns [kind, path] from a worker's own state. */
const READS = [
  [
    10,
    () => ["list", `/v1/questions?limit=${pick([5, 10, 20, 50])}${Math.random() < 0.3 ? `&sort=${pick(["newest", "title", "difficulty"])}` : ""}`],
  ],
  [10, () => ["filtered list", `/v1/questions?category=${pick(categories)}&difficulty=${pick(difficulties)}`]],
  [4, () => ["filtered list", `/v1/questions?company=${pick(companies)}${Math.random() < 0.5 ? `&tag=${pick(tags)}` : ""}`]],
  [10, () => ["search", `/v1/questions?q=${encodeURIComponent(pick(WORDS))}&limit=10`]],
  [14, () => ["detail", `/v1/questions/${Math.random() < 0.7 ? pick(questions).slug : pick(questions).id}`]],
  [8, (state) => ["random", `/v1/questions/random?count=${pick([1, 3, 5])}${state.deck ? `&deck=${state.deck}` : ""}`]],
  [6, () => ["daily", `/v1/questions/daily?date=${dateIn2026()}${Math.random() < 0.5 ? `&category=${pick(categories)}` : ""}`]],
  [5, () => ["categories", Math.random() < 0.5 ? "/v1/categories" : `/v1/categories/${pick(categories)}`]],
  [5, () => ["companies", Math.random() < 0.5 ? "/v1/companies" : `/v1/companies/${pick(companies)}`]],
  [6, () => ["salaries", pick(["/v1/salaries?limit=20", `/v1/salaries?company=${pick(salaryCompanies)}`, "/v1/salaries/summary"])]],
  [2, () => ["other", pick(["/v1/prep-plan", "/v1/resources", "/health"])]],
  [4, (state) => ["next page", state.cursor ? `/v1/questions?limit=10&cursor=${encodeURIComponent(state.cursor)}` : "/v1/questions?limit=10"]],
];
const READ_WEIGHT = READS.reduce((sum, [w]) => sum + w, 0);
function nextRead(state) {
  let r = Math.random() * READ_WEIGHT;
  for (const [weight, make] of READS) if ((r -= weight) < 0) return make(state);
  return READS[0][1](state);
}

const runId = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const stats = {
  requests: 0,
  byStatus: new Map(),
  byKind: new Map(),
  latencies: new Float64Array(1 << 16),
  failures: [],
  failureCount: 0,
  accepted: [],
};
function record(kind, res, expected, label) {
  if (stats.requests === stats.latencies.length) {
    const grown = new Float64Array(stats.latencies.length * 2);
    grown.set(stats.latencies);
    stats.latencies = grown;
  }
  stats.latencies[stats.requests++] = res.ms;
  stats.byStatus.set(res.status, (stats.byStatus.get(res.status) ?? 0) + 1);
  stats.byKind.set(kind, (stats.byKind.get(kind) ?? 0) + 1);
  if (!expected.includes(res.status)) {
    stats.failureCount++;
    if (stats.failures.length < 20) stats.failures.push(`${label} → ${res.status || res.error} ${res.text.slice(0, 200)}`);
  }
}

async function worker(index, deadline) {
  const state = { deck: null, cursor: null, etags: new Map() };
  let n = 0;
  while (performance.now() < deadline) {
    if (Math.random() < SIGNUP_SHARE) {
      const email = `soak-${runId}-${index}-${n++}@example.com`;
      const body = Math.random() < 0.2 ? { email, preferences: { categories: [pick(categories)], companies: [], frequency: "weekly" } } : { email };
      const res = await request("POST", "/v1/subscribers", { body });
      record("sign-up", res, [202], `POST /v1/subscribers (${email})`);
      if (res.status === 202) stats.accepted.push(email);
      continue;
    }
    const [kind, pathAndQuery] = nextRead(state);
    // Now and then a conditional request, as a browser or a CDN revalidating would send.
    const etag = state.etags.get(pathAndQuery);
    const conditional = etag && Math.random() < 0.5;
    const res = await request("GET", pathAndQuery, conditional ? { headers: { "If-None-Match": etag } } : {});
    record(kind, res, conditional ? [200, 304] : [200], `GET ${pathAndQuery}`);
    if (res.status !== 200) continue;
    if (res.headers.etag && state.etags.size < 200) state.etags.set(pathAndQuery, res.headers.etag);
    if (kind === "random") state.deck = Math.random() < 0.8 ? JSON.parse(res.text).deck : null;
    if (kind === "next page") state.cursor = JSON.parse(res.text).page.nextCursor;
  }
}

// --- run ---------------------------------------------------------------------------------------------

log(`${CONNECTIONS} connections for ${SECONDS} s, about ${Math.round(SIGNUP_SHARE * 100)}% sign-ups`);
const runStarted = performance.now();
const deadline = runStarted + SECONDS * 1000;
const progress = setInterval(() => {
  const elapsed = (performance.now() - runStarted) / 1000;
  log(
    `${Math.round(elapsed)} s: ${stats.requests} requests (${Math.round(stats.requests / elapsed)}/s), ${stats.accepted.length} sign-ups, ${stats.failureCount} failures`,
  );
}, 10_000);
await Promise.all(Array.from({ length: CONNECTIONS }, (_, i) => worker(i, deadline)));
clearInterval(progress);
const elapsed = (performance.now() - runStarted) / 1000;
agent.destroy();

// --- check: nothing lost ----------------------------------------------------------------------------

const exit = await stopServer();
const db = createClient({ url: `file:${dbFile}` });
const subscribed = new Set((await db.execute("SELECT email_key FROM subscribers")).rows.map((r) => String(r.email_key)));
const mailed = new Set(
  (
    await db.execute(
      "SELECT s.email_key FROM outbox o JOIN subscribers s ON s.id = o.subscriber_id WHERE o.kind = 'confirmation' AND o.to_address = s.email",
    )
  ).rows.map((r) => String(r.email_key)),
);
db.close();
const missing = stats.accepted.filter((email) => !subscribed.has(email.toLowerCase()));
const unmailed = stats.accepted.filter((email) => !mailed.has(email.toLowerCase()));

// --- report ------------------------------------------------------------------------------------------

const latencies = stats.latencies.slice(0, stats.requests).sort();
const quantile = (q) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] : 0);
const serverErrors = [...stats.byStatus].filter(([status]) => status >= 500).reduce((sum, [, n]) => sum + n, 0);
const networkErrors = stats.byStatus.get(0) ?? 0;
const result = {
  seconds: Math.round(elapsed * 10) / 10,
  connections: CONNECTIONS,
  requests: stats.requests,
  requestsPerSecond: Math.round(stats.requests / elapsed),
  statuses: Object.fromEntries([...stats.byStatus].sort(([a], [b]) => a - b)),
  kinds: Object.fromEntries([...stats.byKind].sort(([, a], [, b]) => b - a)),
  latencyMs: { p50: +quantile(0.5).toFixed(1), p90: +quantile(0.9).toFixed(1), p99: +quantile(0.99).toFixed(1), max: +quantile(1).toFixed(1) },
  serverErrors,
  networkErrors,
  unexpected: stats.failureCount,
  signUps: {
    accepted: stats.accepted.length,
    inSubscribers: stats.accepted.length - missing.length,
    withConfirmationMail: stats.accepted.length - unmailed.length,
  },
  serverExit: exit.code,
};
log(`${result.requests} requests in ${result.seconds} s: ${result.requestsPerSecond} req/s at ${CONNECTIONS} connections`);
log(`statuses ${JSON.stringify(result.statuses)}; kinds ${JSON.stringify(result.kinds)}`);
log(`latency p50 ${result.latencyMs.p50} ms, p90 ${result.latencyMs.p90} ms, p99 ${result.latencyMs.p99} ms, max ${result.latencyMs.max} ms`);
log(`5xx: ${serverErrors}; network errors: ${networkErrors}; unexpected statuses: ${stats.failureCount}`);
log(
  `sign-ups answered 202: ${result.signUps.accepted}; in subscribers: ${result.signUps.inSubscribers}; with their confirmation mail in the outbox: ${result.signUps.withConfirmationMail}`,
);
console.log(`SOAK_RESULT ${JSON.stringify(result)}`);

const problems = [];
if (serverErrors) problems.push(`${serverErrors} answers were 5xx`);
if (networkErrors) problems.push(`${networkErrors} requests failed on the network or timed out`);
if (stats.failureCount - serverErrors - networkErrors > 0)
  problems.push(`${stats.failureCount - serverErrors - networkErrors} answers had an unexpected status`);
if (missing.length) problems.push(`${missing.length} sign-ups answered 202 are not in subscribers (e.g. ${missing.slice(0, 3).join(", ")})`);
if (unmailed.length)
  problems.push(`${unmailed.length} sign-ups answered 202 have no confirmation mail in the outbox (e.g. ${unmailed.slice(0, 3).join(", ")})`);
if (stats.requests === 0 || (SIGNUP_SHARE > 0 && stats.accepted.length === 0)) problems.push("no load was generated");
if (exit.code !== 0) problems.push(`the server exited with ${exit.code ?? exit.signal} on SIGTERM, not 0`);
if (problems.length) {
  for (const failure of stats.failures) console.error(`soak:   ${failure}`);
  await fail(problems.join("; "));
}
if (args.keep) log(`kept ${dir}`);
else rmSync(dir, { recursive: true, force: true });
log("OK: zero 5xx, nothing lost");
