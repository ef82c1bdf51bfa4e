// npm run bench: the service as `npm start` runs it, on a fresh database with the full bank, under
// autocannon (its own process) at 32 connections; beside it, for every read, a bare node:http
// server answering the same bytes (the limit of this machine) and json-server on the same
// questions. Also start-up times, memory after the run and the Worker's gzipped size. With
// --long-tail, scenarios in which every request is a different URL (bench/longtail.mjs); with
// --scale=N, all of it on the bank copied N times; with --memory-probe, RSS before and after
// 50,000 distinct URLs.
// Prints the tables, writes bench/results/latest.json (and a dated copy); --readme updates README.md.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { firstJsonLine, freePort, get, killAll, launch, memoryOf, runToEnd, timeToFirst200 } from "./processes.mjs";
import { renderTables, updateReadme } from "./report.mjs";
import { BARS, MAX_BAD_SHARE, SCENARIOS } from "./scenarios.mjs";
import { DIRECTUS_PATHS, DIRECTUS_VERSION, ensureDirectus, seedDirectus, startDirectus } from "./cms.mjs";
import { buildScaledSeed, collectBank, generatePaths, LONG_TAIL, probePaths } from "./longtail.mjs";

const BENCH = import.meta.dirname;
const ROOT = path.resolve(BENCH, "..");
const AUTOCANNON = path.join(BENCH, "node_modules/autocannon/package.json");
const JSON_SERVER = path.join(BENCH, "node_modules/json-server/lib/cli/bin.js");
const DEFAULT_OUT = path.join(BENCH, "results/latest.json");
const RATE_LIMIT = "1000000000"; // the limiter runs (and costs) but never trips
const SIGNUP_LIMIT = "100000"; // the most SIGNUP_LIMIT_PER_CLIENT allows, per 10 minutes
const PROBE_URLS = 50_000;
const ALL_NAMES = [...SCENARIOS, ...LONG_TAIL].map((s) => s.name);

const USAGE = `usage: node bench/run.mjs [options]        (npm run bench -- [options])
  --duration=SECONDS     measured seconds per round, scenario and server (default 5; --quick: 1)
  --warmup=SECONDS       warm-up before each measurement (default 1; --quick: 0)
  --rounds=N             rounds per read scenario, service and bare alternating (default 3; --quick: 1)
  --start-pairs=N        cold starts of the service and json-server, alternating, to compare them (default 9; --quick: 1)
  --connections=N        concurrent connections (default 32)
  --scenarios=a,b,...    subset of: ${ALL_NAMES.join(",")}
  --long-tail            also the long-tail scenarios (${LONG_TAIL.map((s) => s.name).join(", ")}): every request a different
                         URL, on a freshly started service, each against the bare server answering a typical body of its kind
  --scale=N              the bank plus N copies of it (new ids, slugs, titles " (copy k)"), in a seed directory of its own
                         under bench/.work (SEED_DIR); a category whose id range cannot hold N copies gets as many as fit
  --memory-probe         RSS of the service before and after ${PROBE_URLS.toLocaleString("en-US")} distinct list URLs, then ${PROBE_URLS.toLocaleString("en-US")} with an invented parameter
  --starts=N             first and cold starts timed, each (default 3; --quick: 1)
  --quick                short run for the smoke test: 1 s per scenario, one start of each kind
  --no-peers             skip json-server
  --peers=cms            also Directus ${DIRECTUS_VERSION} on SQLite with the same questions (installed into bench/.work on
                         first use: npm compiles sqlite3 and isolated-vm, about 4 minutes)
  --no-worker            skip the Worker bundle build
  --out=FILE             results JSON (default bench/results/latest.json, plus a dated copy)
  --readme               also rewrite README.md's <!-- bench:start --> block with the tables
  --from=FILE            with --readme: render an existing results file instead of running`;

function fail(message, code = 1) {
  console.error(`bench: ${message}`);
  process.exit(code);
}

function parseOptions() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        duration: { type: "string" },
        warmup: { type: "string" },
        rounds: { type: "string" },
        "start-pairs": { type: "string" },
        starts: { type: "string" },
        connections: { type: "string", default: "32" },
        scenarios: { type: "string" },
        "long-tail": { type: "boolean", default: false },
        scale: { type: "string", default: "0" },
        "memory-probe": { type: "boolean", default: false },
        quick: { type: "boolean", default: false },
        "no-peers": { type: "boolean", default: false },
        peers: { type: "string" },
        "no-worker": { type: "boolean", default: false },
        out: { type: "string" },
        readme: { type: "boolean", default: false },
        from: { type: "string" },
        help: { type: "boolean", default: false },
      },
    }));
  } catch (err) {
    fail(`${err.message}\n${USAGE}`, 2);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const number = (name, value, min) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < min) fail(`--${name} must be a number ≥ ${min}, got "${value}"`, 2);
    return n;
  };
  const names = values.scenarios ? values.scenarios.split(",").map((s) => s.trim()).filter(Boolean) : SCENARIOS.map((s) => s.name);
  if (values["long-tail"]) names.push(...LONG_TAIL.map((s) => s.name));
  const unknown = names.filter((n) => !ALL_NAMES.includes(n));
  if (unknown.length) fail(`unknown scenario ${unknown.join(", ")}; known: ${ALL_NAMES.join(", ")}`, 2);
  const scale = number("scale", values.scale, 0);
  if (!Number.isInteger(scale)) fail(`--scale takes a whole number of copies, got "${values.scale}"`, 2);
  if (values.peers !== undefined && values.peers !== "cms") fail(`--peers takes "cms" (Directus), got "${values.peers}"`, 2);
  if (values.peers === "cms" && values["no-peers"]) fail("--peers=cms and --no-peers contradict each other", 2);
  if (values.from && !values.readme) fail("--from renders a results file into the README; use it with --readme", 2);
  return {
    durationSeconds: number("duration", values.duration ?? (values.quick ? 1 : 5), 1),
    warmupSeconds: number("warmup", values.warmup ?? (values.quick ? 0 : 1), 0),
    rounds: Math.floor(number("rounds", values.rounds ?? (values.quick ? 1 : 3), 1)),
    startPairs: Math.floor(number("start-pairs", values["start-pairs"] ?? (values.quick ? 1 : 9), 1)),
    connections: number("connections", values.connections, 1),
    scenarios: SCENARIOS.filter((s) => names.includes(s.name)),
    longTail: LONG_TAIL.filter((s) => names.includes(s.name)),
    scale,
    memoryProbe: values["memory-probe"],
    quick: values.quick,
    startRepeats: Math.floor(number("starts", values.starts ?? (values.quick ? 1 : 3), 1)),
    peers: !values["no-peers"],
    cms: values.peers === "cms",
    worker: !values["no-worker"],
    out: path.resolve(values.out ?? DEFAULT_OUT),
    datedCopy: values.out === undefined,
    readme: values.readme,
    from: values.from,
  };
}

const log = (message) => console.error(`bench: ${message}`);
const median = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const round1 = (n) => Math.round(n * 10) / 10;
const round3 = (n) => Math.round(n * 1000) / 1000;

/**
 * Several rounds of one server as one measurement: req/s over all of them, the median p50, the
 * worst p99 and max, every status counted; each round's own figures are kept under `rounds`.
 */
function combineRounds(runs) {
  if (runs.length === 1) return runs[0];
  const sum = (f) => runs.reduce((total, r) => total + f(r), 0);
  const seconds = sum((r) => r.durationSeconds);
  const statusCodes = {};
  for (const r of runs) for (const [code, n] of Object.entries(r.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + n;
  return {
    reqPerSec: sum((r) => r.requests) / seconds,
    requests: sum((r) => r.requests),
    durationSeconds: seconds,
    latencyMs: {
      p50: median(runs.map((r) => r.latencyMs.p50)),
      p90: median(runs.map((r) => r.latencyMs.p90)),
      p99: Math.max(...runs.map((r) => r.latencyMs.p99)),
      mean: sum((r) => r.latencyMs.mean * r.requests) / Math.max(1, sum((r) => r.requests)),
      max: Math.max(...runs.map((r) => r.latencyMs.max)),
    },
    throughputBytesPerSec: sum((r) => r.throughputBytesPerSec * r.durationSeconds) / seconds,
    statusCodes,
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    rounds: runs.map((r) => ({ reqPerSec: Math.round(r.reqPerSec), p50: r.latencyMs.p50, p99: r.latencyMs.p99 })),
  };
}

/** A clean clone has no bench/node_modules: install the pinned tools from bench/package-lock.json. */
async function ensureTools() {
  if (existsSync(AUTOCANNON) && existsSync(JSON_SERVER)) return;
  log("installing the bench's own tools (npm ci in bench/) …");
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const r = await runToEnd(npm, ["ci", "--no-audit", "--no-fund"], { cwd: BENCH, timeoutMs: 300_000 });
  if (r.code !== 0) throw new Error(`npm ci in bench/ failed (${r.code}):\n${r.stdout}${r.stderr}`);
  if (!existsSync(AUTOCANNON) || !existsSync(JSON_SERVER)) throw new Error("npm ci in bench/ did not install autocannon and json-server");
}

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? "unknown",
    cores: cpus.length,
    memoryGiB: round1(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadAverageAtStart: os.loadavg().map(round1),
  };
}

// --- the service, exactly as `npm start` runs it ---

/**
 * package.json's start script (after its prestart, if any), run the way npm runs it: by sh from the
 * repo root with node_modules/.bin on PATH, but without npm's own process in front.
 */
function startCommand() {
  const { scripts = {} } = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
  if (!scripts.start) throw new Error("package.json has no start script");
  return scripts.prestart ? `${scripts.prestart} && ${scripts.start}` : scripts.start;
}

// What the run adds to the service's environment: SEED_DIR, with --scale.
const serviceEnv = {};

async function startService(dbFile) {
  const port = await freePort();
  const proc = launch("service", "/bin/sh", ["-c", startCommand()], {
    cwd: ROOT,
    env: {
      PATH: `${path.join(ROOT, "node_modules/.bin")}${path.delimiter}${process.env.PATH}`,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: `file:${dbFile}`,
      RATE_LIMIT_ANON_PER_MINUTE: RATE_LIMIT,
      SIGNUP_LIMIT_PER_CLIENT: SIGNUP_LIMIT,
      MAIL_TRANSPORT: "none",
      MAIL_DIR: path.join(path.dirname(dbFile), "mail"),
      LOG_LEVEL: "warn",
      SIGNING_SECRET: "bench-signing-secret-0123456789abcdef-not-for-production",
      PUBLIC_URL: `http://localhost:${port}`,
      ...serviceEnv,
    },
  });
  const base = `http://127.0.0.1:${port}`;
  const ms = await timeToFirst200(proc, `${base}/health`);
  return { proc, port, base, ms };
}

/** Starts the service `repeats` times; returns the times and leaves the last one running if asked. */
async function timeStarts(kind, repeats, dbFileFor, keepLast) {
  const runs = [];
  let last;
  for (let i = 0; i < repeats; i++) {
    const service = await startService(dbFileFor(i));
    runs.push(Math.round(service.ms));
    log(`${kind} start ${i + 1}/${repeats}: ${Math.round(service.ms)} ms`);
    if (keepLast && i === repeats - 1) last = service;
    else await service.proc.stop();
  }
  return { result: { median: Math.round(median(runs)), runs }, service: last };
}

// --- load ---

async function load(base, { path: urlPath, method = "GET", write = false, pathsFile, offset, walk, amount }, options) {
  const args = {
    url: base,
    path: urlPath,
    method,
    connections: options.connections,
    duration: options.durationSeconds,
    warmup: options.warmupSeconds,
    signup: write,
    ...(pathsFile ? { pathsFile, offset, walk, amount } : {}),
  };
  const timeoutMs = amount ? 900_000 : (options.durationSeconds + options.warmupSeconds) * 1000 + 60_000;
  const r = await runToEnd(process.execPath, [path.join(BENCH, "load.mjs"), JSON.stringify(args)], { cwd: BENCH, timeoutMs });
  if (r.code !== 0) throw new Error(`autocannon against ${base}${urlPath ?? pathsFile} failed (${r.code}): ${r.stderr.trim()}`);
  const line = r.stdout.trim().split("\n").pop();
  return JSON.parse(line);
}

/** Why a measurement cannot be trusted (wrong statuses, socket errors, nothing measured), or null. */
function problemWith(measured, expectedStatus) {
  const total = Object.values(measured.statusCodes).reduce((a, b) => a + b, 0);
  if (total === 0 || !(measured.reqPerSec > 0)) return "no responses";
  const unexpected = total - (measured.statusCodes[expectedStatus] ?? 0);
  const bad = unexpected + measured.errors + measured.timeouts;
  measured.unexpected = unexpected;
  if (bad > total * MAX_BAD_SHARE) {
    const codes = Object.entries(measured.statusCodes).map(([c, n]) => `${n}×${c}`).join(", ");
    const hint = measured.statusCodes["429"] ? " (a rate limit tripped: for signup, SIGNUP_LIMIT_PER_CLIENT allows 100000 per 10 minutes; shorten --duration)" : "";
    return `expected ${expectedStatus}: got ${codes}, ${measured.errors} errors, ${measured.timeouts} timeouts${hint}`;
  }
  return null;
}

// --- the bare node:http server: the same bytes, no work ---

const HOP_BY_HOP = new Set(["date", "connection", "keep-alive", "transfer-encoding"]);

function captureOf(res) {
  const headers = [];
  for (let i = 0; i < res.rawHeaders.length; i += 2) {
    if (!HOP_BY_HOP.has(res.rawHeaders[i].toLowerCase())) headers.push([res.rawHeaders[i], res.rawHeaders[i + 1]]);
  }
  return { status: res.status, headers, body: res.body.toString("base64"), bytes: res.body.length };
}

async function captureResponses(base, scenarios) {
  const captured = {};
  for (const s of scenarios.filter((s) => !s.write)) {
    const res = await get(`${base}${s.path}`);
    if (res.status !== 200) throw new Error(`GET ${s.path} answered ${res.status}, not 200: ${res.body.toString().slice(0, 500)}`);
    captured[s.path] = captureOf(res);
  }
  return captured;
}

/**
 * A long-tail scenario's typical answer: of the sample's 200s (URLs set aside, never sent under
 * load), the one of median size. Its path and its size are kept beside the results.
 */
async function captureTypical(base, sample) {
  const answers = [];
  for (const urlPath of sample) {
    const res = await get(`${base}${urlPath}`, { timeoutMs: 30_000 });
    if (res.status === 200) answers.push({ path: urlPath, res });
  }
  if (answers.length === 0) throw new Error(`none of ${sample.length} sample URLs answered 200 (first: ${sample[0]})`);
  answers.sort((a, b) => a.res.body.length - b.res.body.length);
  const typical = answers[Math.floor(answers.length / 2)];
  return {
    captured: { "*": captureOf(typical.res) },
    path: typical.path,
    bytes: typical.res.body.length,
    sampleBytes: { min: answers[0].res.body.length, max: answers.at(-1).res.body.length, answered200: answers.length, of: sample.length },
  };
}

async function startBare(captured, dir, name = "bare-responses.json") {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(captured));
  const proc = launch("bare node:http server", process.execPath, [path.join(BENCH, "bare-server.mjs"), file], { cwd: BENCH });
  const { port } = await firstJsonLine(proc);
  return { proc, port, base: `http://127.0.0.1:${port}` };
}

// --- json-server on the same questions ---

async function fetchJson(url) {
  const res = await get(url, { timeoutMs: 30_000 });
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}`);
  return JSON.parse(res.body.toString());
}

/** Every question with its full detail, from the service itself: {"questions": [{id, ...detail}]}. */
async function writeJsonServerDb(base, file) {
  const slugs = [];
  let cursor = null;
  do {
    const page = await fetchJson(`${base}/v1/questions?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    slugs.push(...page.data.map((q) => q.slug));
    cursor = page.page.nextCursor;
  } while (cursor);
  const questions = [];
  for (const slug of slugs) questions.push(await fetchJson(`${base}/v1/questions/${encodeURIComponent(slug)}`));
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, JSON.stringify({ questions }, null, 2));
  renameSync(`${file}.tmp`, file);
  return questions;
}

async function startJsonServer(dbFile, repeats, stopLast = false) {
  const version = JSON.parse(readFileSync(path.join(BENCH, "node_modules/json-server/package.json"), "utf8")).version;
  const runs = [];
  for (let i = 0; ; i++) {
    const port = await freePort();
    // Its bin is a node script: spawning node on it directly makes the measured pid the server.
    const proc = launch("json-server", process.execPath, [JSON_SERVER, "--port", String(port), "--host", "127.0.0.1", "--quiet", dbFile], { cwd: path.dirname(dbFile) });
    const base = `http://127.0.0.1:${port}`;
    runs.push(Math.round(await timeToFirst200(proc, `${base}/questions?_limit=1`, 60_000)));
    log(`json-server start ${i + 1}/${repeats}: ${runs.at(-1)} ms`);
    if (i === repeats - 1) {
      if (stopLast) await proc.stop();
      return { proc, port, base, version, startMs: { median: Math.round(median(runs)), runs } };
    }
    await proc.stop();
  }
}

/** json-server's answers must be real equivalents: 200 and non-empty, or the comparison flatters it. */
async function checkJsonServerPath(base, urlPath) {
  const res = await get(`${base}${urlPath}`);
  if (res.status !== 200) return `json-server answered ${res.status} to ${urlPath}`;
  const body = JSON.parse(res.body.toString());
  if (Array.isArray(body) && body.length === 0) return `json-server answered an empty list to ${urlPath}`;
  return null;
}

// --- the long tail: every request a different URL ---

/**
 * The long-tail scenarios and the memory probe, on a service started afresh on the seeded
 * database (so its response cache starts empty, and nothing the earlier scenarios or json-server's
 * export asked for is in it). Each scenario's URLs are a list the service walks through once:
 * every round starts where the last one stopped (warm-up included), and a URL is sent twice only
 * when the list runs out, which `distinct` reports. The bare server answers every URL of a
 * scenario with that scenario's typical answer and runs on the same list, so the load generator
 * does the same work against both.
 */
async function longTail(options, bank, seededDb, work, result) {
  const service = await startService(seededDb);
  log(`long tail: the service restarted (${Math.round(service.ms)} ms), its cache empty`);
  const out = {
    questions: bank.length,
    method:
      "a fresh service (cold start on the seeded database); per scenario a list of distinct URLs drawn with a fixed seed, " +
      "sent in order across warm-ups and rounds (a URL repeats only if the list runs out); the bare server answers every URL " +
      "with the service's median-sized answer to a sample of the scenario's URLs set aside (never sent under load)",
    memoryBefore: memoryOf(service.proc, service.port),
    scenarios: [],
  };
  for (const s of options.longTail) {
    const { paths, sample } = generatePaths(s.kind, bank);
    const pathsFile = path.join(work, `${s.name}.paths`);
    writeFileSync(pathsFile, `${paths.join("\n")}\n`);
    const typical = await captureTypical(service.base, sample);
    const bare = await startBare(typical.captured, work, `${s.name}-bare.json`);
    const entry = {
      name: s.name,
      method: "GET",
      description: s.description,
      expectedStatus: 200,
      urls: paths.length,
      examples: paths.slice(0, 3),
      bareAnswer: { path: typical.path, bytes: typical.bytes, sampleBytes: typical.sampleBytes },
    };
    out.scenarios.push(entry);
    const measure = async (who, base, offset) => {
      log(`${s.name}: ${who} …`);
      const measured = await load(base, { pathsFile, offset, walk: s.kind === "walk" }, options);
      const problem = problemWith(measured, 200);
      if (problem) {
        entry.failed = entry.failed ? `${entry.failed}; ${who}: ${problem}` : `${who}: ${problem}`;
        result.failures.push(`${s.name} (${who}): ${problem}`);
        log(`${s.name}: ${who} FAILED: ${problem}`);
      }
      return measured;
    };
    const rounds = { service: [], bare: [] };
    let sent = 0;
    let followed = 0;
    for (let round = 0; round < options.rounds; round++) {
      const order = round % 2 === 0 ? ["service", "bare"] : ["bare", "service"];
      for (const who of order) {
        const measured = await measure(who, who === "service" ? service.base : bare.base, who === "service" ? sent : 0);
        if (who === "service") {
          sent += measured.pathsSent;
          followed += measured.pagesFollowed ?? 0;
        }
        rounds[who].push(measured);
      }
    }
    await bare.proc.stop();
    entry.service = combineRounds(rounds.service);
    entry.bare = combineRounds(rounds.bare);
    entry.roundRatios = rounds.service.map((m, i) => round3(m.reqPerSec / rounds.bare[i].reqPerSec));
    entry.ratio = entry.bare.reqPerSec > 0 ? round3(median(entry.roundRatios)) : null;
    // Every request the service was sent, warm-ups included: how many went to a URL already sent.
    // A walk's next pages are new as long as its first page is (a cursor names the walk's position).
    const total = sent + followed;
    const repeated = Math.max(0, sent - paths.length);
    const repeatedPages = repeated > 0 && s.kind === "walk" ? Math.round((followed * repeated) / sent) : 0;
    entry.distinct = {
      requestsSent: total,
      ...(s.kind === "walk" ? { walksStarted: sent, nextPagesFollowed: followed } : {}),
      repeatedRequests: repeated + repeatedPages,
      share: total > 0 ? round3((total - repeated - repeatedPages) / total) : null,
      ...(repeatedPages ? { note: "walks started again once the list of first pages ran out: their next pages are estimated repeats" } : {}),
    };
    entry.loadAverageAfter = round1(os.loadavg()[0]);
    log(`${s.name}: ${Math.round(entry.service.reqPerSec)} req/s, ratio ${entry.ratio}, ${(entry.distinct.share * 100).toFixed(1)} % distinct URLs`);
  }
  if (options.longTail.length) out.memoryAfter = memoryOf(service.proc, service.port);

  if (options.memoryProbe) {
    const { ok, refused } = probePaths(bank, PROBE_URLS);
    const probe = { urls: PROBE_URLS, before: memoryOf(service.proc, service.port), steps: [] };
    for (const [name, list, expectedStatus] of [
      ["distinct list URLs", ok, 200],
      // An invented parameter is ignored (200) and the answer never stored (issue 19, item 1).
      ["URLs with an invented parameter (/v1/categories?x=i)", refused, 200],
    ]) {
      const pathsFile = path.join(work, `probe-${name.split(" ")[0]}.paths`);
      writeFileSync(pathsFile, `${list.join("\n")}\n`);
      log(`memory probe: ${list.length.toLocaleString("en-US")} ${name} …`);
      const measured = await load(service.base, { pathsFile, offset: 0, amount: list.length }, options);
      // Reported, not a failure: the probe is about memory, and what the service answers is its finding.
      const problem = problemWith(measured, expectedStatus);
      probe.steps.push({
        name,
        urls: list.length,
        example: list.at(-1),
        expectedStatus,
        requests: measured.requests,
        reqPerSec: measured.reqPerSec,
        statusCodes: measured.statusCodes,
        errors: measured.errors,
        timeouts: measured.timeouts,
        ...(problem ? { unexpected: problem } : {}),
        after: memoryOf(service.proc, service.port),
      });
    }
    out.memoryProbe = probe;
  }
  await service.proc.stop();
  return out;
}

// --- the Worker bundle ---

async function buildWorker(dir) {
  // package.json's build:worker as it stands, but writing into a directory of our own, so a
  // concurrent build cannot race this one.
  const { scripts = {} } = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
  const script = scripts["build:worker"];
  if (!script) throw new Error("package.json has no build:worker script");
  const outdirFlag = /--outdir[= ](\S+)/;
  const outdir = outdirFlag.test(script) ? path.join(dir, "worker") : path.join(ROOT, "dist/worker");
  const command = script.replace(outdirFlag, `--outdir ${outdir}`);
  const r = await runToEnd("/bin/sh", ["-c", command], {
    cwd: ROOT,
    env: { PATH: `${path.join(ROOT, "node_modules/.bin")}${path.delimiter}${process.env.PATH}`, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1", FORCE_COLOR: "0" },
    timeoutMs: 300_000,
  });
  const output = `${r.stdout}\n${r.stderr}`;
  if (r.code !== 0) throw new Error(`npm run build:worker failed (${r.code}):\n${output}`);
  const m = output.match(/Total Upload:\s*([\d.]+)\s*KiB\s*\/\s*gzip:\s*([\d.]+)\s*KiB/);
  const file = path.join(outdir, "worker.js");
  const raw = existsSync(file) ? readFileSync(file) : null;
  return {
    command: script,
    totalKiB: m ? Number(m[1]) : null,
    gzipKiB: m ? Number(m[2]) : null,
    workerJsBytes: raw?.length ?? null,
    workerJsGzip9Bytes: raw ? gzipSync(raw, { level: 9 }).length : null,
    buildMs: Math.round(r.ms),
  };
}

// --- the run ---

async function main(options) {
  const startedAt = performance.now();
  await ensureTools();
  const work = mkdtempSync(path.join(os.tmpdir(), "ml-bench-"));
  process.on("exit", () => rmSync(work, { recursive: true, force: true }));
  const result = {
    date: new Date().toISOString(),
    machine: machine(),
    settings: {
      connections: options.connections,
      pipelining: 1,
      durationSeconds: options.durationSeconds,
      warmupSeconds: options.warmupSeconds,
      rounds: options.rounds,
      ratioMethod:
        "each round measures the service and the bare server back to back (the order alternates: service first in odd rounds, " +
        "bare first in even ones); the ratio is the median of the rounds' ratios, so drift in a shared machine's capacity " +
        "hits both sides of each ratio alike; req/s are totals over all rounds",
      quick: options.quick,
      rateLimitAnonPerMinute: Number(RATE_LIMIT),
      loadGenerator: `autocannon ${JSON.parse(readFileSync(AUTOCANNON, "utf8")).version}, one process, one thread`,
    },
    bars: BARS,
    failures: [],
  };

  if (options.scale > 0) {
    const scaled = buildScaledSeed(options.scale, path.join(BENCH, ".work"));
    process.on("exit", () => rmSync(scaled.dir, { recursive: true, force: true }));
    serviceEnv.SEED_DIR = scaled.dir;
    result.scale = { ...scaled, dir: path.relative(ROOT, scaled.dir) };
    log(`--scale=${options.scale}: ${scaled.questions} questions (${scaled.originalQuestions} and their copies) in ${path.relative(ROOT, scaled.dir)}`);
    for (const note of scaled.notes) log(`--scale: ${note}`);
  }

  log(`first start: empty database, ${options.startRepeats}×`);
  const first = await timeStarts("first", options.startRepeats, (i) => path.join(work, `db-${i}`, "app.db"), false);
  const seededDb = path.join(work, `db-${options.startRepeats - 1}`, "app.db");
  log(`cold start: the seeded database, ${options.startRepeats}×`);
  const cold = await timeStarts("cold", options.startRepeats, () => seededDb, true);
  const service = cold.service;
  result.startup = {
    firstStartMs: first.result,
    coldStartMs: cold.result,
    command: startCommand(),
    method: "spawn of package.json's start script (sh -c, node_modules/.bin on PATH, as npm start runs it) → first 200 of GET /health, polled every 5 ms",
  };

  // The long tail's URLs are drawn from every question's summary, read before any load.
  const bank = options.longTail.length || options.memoryProbe ? await collectBank(service.base, fetchJson) : null;
  if (bank) log(`long tail: ${bank.length} questions in the bank`);

  const captured = await captureResponses(service.base, options.scenarios);
  const bare = await startBare(captured, work);

  let jsonServer = null;
  let jsonServerQuestions = 0;
  const jsonServerPaths = {};
  // The peers' detail paths take the id the service gives the detail scenario's slug.
  const detailId = options.peers ? (await fetchJson(`${service.base}${SCENARIOS.find((s) => s.name === "detail").path}`)).id : null;
  if (options.peers) {
    const dbFile = path.join(BENCH, ".work/db.json");
    const questions = await writeJsonServerDb(service.base, dbFile);
    jsonServerQuestions = questions.length;
    log(`json-server: ${questions.length} questions in ${path.relative(ROOT, dbFile)}`);
    jsonServer = await startJsonServer(dbFile, options.startRepeats);
    for (const s of options.scenarios.filter((s) => s.jsonServer)) {
      jsonServerPaths[s.name] = s.jsonServer.replace("{id}", String(detailId));
      const problem = await checkJsonServerPath(jsonServer.base, jsonServerPaths[s.name]);
      if (problem) throw new Error(problem);
    }
  }

  let directus = null;
  const directusPaths = {};
  if (options.cms) {
    await ensureDirectus(log);
    const { questions } = JSON.parse(readFileSync(path.join(BENCH, ".work/db.json"), "utf8"));
    log(`directus: loading ${questions.length} questions …`);
    const directusDb = await seedDirectus(work, questions);
    const runs = [];
    for (let i = 0; i < options.startRepeats; i++) {
      if (directus) await directus.proc.stop();
      directus = await startDirectus(directusDb);
      runs.push(Math.round(directus.ms));
      log(`directus start ${i + 1}/${options.startRepeats}: ${runs.at(-1)} ms`);
    }
    directus.startMs = { median: Math.round(median(runs)), runs };
    for (const s of options.scenarios.filter((s) => DIRECTUS_PATHS[s.name])) {
      directusPaths[s.name] = DIRECTUS_PATHS[s.name].replace("{id}", String(detailId));
      const res = await get(`${directus.base}${directusPaths[s.name]}`);
      const data = res.status === 200 ? JSON.parse(res.body.toString()).data : null;
      if (!data || (Array.isArray(data) && data.length === 0)) throw new Error(`Directus answered ${res.status} without items to ${directusPaths[s.name]}`);
    }
  }

  result.scenarios = [];
  for (const s of options.scenarios) {
    const expectedStatus = s.expectedStatus ?? 200;
    const entry = { name: s.name, method: s.method ?? "GET", path: s.path, expectedStatus, responseBytes: captured[s.path]?.bytes ?? null };
    result.scenarios.push(entry);
    const measure = async (who, base, target) => {
      log(`${s.name}: ${who} …`);
      const measured = await load(base, target, options);
      const problem = problemWith(measured, expectedStatus);
      if (problem) {
        entry.failed = entry.failed ? `${entry.failed}; ${who}: ${problem}` : `${who}: ${problem}`;
        result.failures.push(`${s.name} (${who}): ${problem}`);
        log(`${s.name}: ${who} FAILED: ${problem}`);
      }
      return measured;
    };
    if (s.write) {
      entry.service = await measure("service", service.base, s);
    } else {
      const rounds = { service: [], bare: [] };
      for (let round = 0; round < options.rounds; round++) {
        const order = round % 2 === 0 ? ["service", "bare"] : ["bare", "service"];
        for (const who of order) rounds[who].push(await measure(who, who === "service" ? service.base : bare.base, s));
      }
      entry.service = combineRounds(rounds.service);
      entry.bare = combineRounds(rounds.bare);
      entry.roundRatios = rounds.service.map((m, i) => round3(m.reqPerSec / rounds.bare[i].reqPerSec));
      entry.ratio = entry.bare.reqPerSec > 0 ? round3(median(entry.roundRatios)) : null;
    }
    if (jsonServer && jsonServerPaths[s.name]) {
      entry.jsonServer = { path: jsonServerPaths[s.name], ...(await measure("json-server", jsonServer.base, { path: jsonServerPaths[s.name] })) };
    }
    if (directus && directusPaths[s.name]) {
      entry.directus = { path: directusPaths[s.name], ...(await measure("directus", directus.base, { path: directusPaths[s.name] })) };
      if (entry.bare?.reqPerSec > 0) entry.directus.shareOfBare = round3(entry.directus.reqPerSec / entry.bare.reqPerSec);
    }
    entry.loadAverageAfter = round1(os.loadavg()[0]); // others' work on a shared machine shows here
    if (!s.write) {
      const misses = [];
      if (entry.ratio !== null && entry.ratio < s.ratioBar) misses.push(`ratio < ${s.ratioBar}`);
      if (entry.service.latencyMs.p99 >= BARS.p99Ms) misses.push(`p99 ≥ ${BARS.p99Ms} ms`);
      if (entry.jsonServer && entry.service.reqPerSec <= entry.jsonServer.reqPerSec) misses.push("behind json-server");
      if (entry.directus && entry.service.reqPerSec <= entry.directus.reqPerSec) misses.push("behind Directus");
      entry.bar = { ratioAtLeast: s.ratioBar, p99BelowMs: BARS.p99Ms, aheadOfJsonServer: Boolean(entry.jsonServer), misses };
    }
  }

  result.memory = {
    method:
      "VmRSS from /proc/<pid>/status, read once the last scenario has finished: of the process that owns the listening " +
      "socket (found through /proc/net/tcp inodes among the launched process and its descendants), and summed over that tree " +
      "(for the service: the sh that runs the start script, any launcher it starts, and the server process)",
    service: memoryOf(service.proc, service.port),
  };
  if (jsonServer) {
    const memory = memoryOf(jsonServer.proc, jsonServer.port);
    result.memory.jsonServer = memory;
    result.jsonServer = { version: jsonServer.version, questions: jsonServerQuestions, startMs: jsonServer.startMs, memory: { rssMiB: memory.rssMiB, peakRssMiB: memory.peakRssMiB } };
  }
  if (directus) {
    const memory = memoryOf(directus.proc, directus.port);
    result.memory.directus = memory;
    result.directus = { version: DIRECTUS_VERSION, database: "SQLite", startMs: directus.startMs, memory: { rssMiB: memory.rssMiB, peakRssMiB: memory.peakRssMiB } };
  }
  await Promise.all([service.proc.stop(), bare.proc.stop(), jsonServer?.proc.stop(), directus?.proc.stop()]);

  if (bank) result.longTail = await longTail(options, bank, seededDb, work, result);

  if (jsonServer) {
    // Start-up against json-server: single starts are noisy on a shared machine, so the two are
    // started in turn, the same number of times, and compared pair by pair.
    log(`start-up: the service and json-server in turn, ${options.startPairs} times each`);
    const dbFile = path.join(BENCH, ".work/db.json");
    const pairs = [];
    for (let i = 0; i < options.startPairs; i++) {
      const ours = await startService(seededDb);
      await ours.proc.stop();
      const theirs = await startJsonServer(dbFile, 1, true);
      pairs.push({ service: Math.round(ours.ms), jsonServer: theirs.startMs.runs[0] });
    }
    result.startupAgainstJsonServer = {
      pairs,
      serviceMedianMs: Math.round(median(pairs.map((p) => p.service))),
      jsonServerMedianMs: Math.round(median(pairs.map((p) => p.jsonServer))),
      serviceFasterIn: pairs.filter((p) => p.service < p.jsonServer).length,
      method: "cold starts of the service (seeded database, as above) and of json-server, alternating; medians and the pairs in which the service answered first",
    };
  }

  if (options.worker) {
    log("Worker bundle: npm run build:worker …");
    result.worker = await buildWorker(work);
    if (result.worker.gzipKiB === null) result.failures.push("Worker bundle: wrangler printed no 'gzip: … KiB' figure");
  }
  result.machine.loadAverageAtEnd = os.loadavg().map(round1);
  result.totalSeconds = Math.round((performance.now() - startedAt) / 100) / 10;
  return result;
}

function writeResults(result, options) {
  mkdirSync(path.dirname(options.out), { recursive: true });
  writeFileSync(options.out, `${JSON.stringify(result, null, 2)}\n`);
  if (options.datedCopy) writeFileSync(path.join(path.dirname(options.out), `${result.date.slice(0, 10)}.json`), `${JSON.stringify(result, null, 2)}\n`);
}

const options = parseOptions();
process.on("exit", killAll);
for (const [signal, number] of [["SIGINT", 2], ["SIGTERM", 15], ["SIGHUP", 1]]) {
  process.on(signal, () => {
    log(`${signal}: stopping`);
    killAll();
    process.exit(128 + number);
  });
}

if (options.from) {
  const result = JSON.parse(readFileSync(path.resolve(options.from), "utf8"));
  updateReadme(path.join(ROOT, "README.md"), result, path.relative(ROOT, path.resolve(options.from)));
  console.log(renderTables(result));
  process.exit(0);
}

try {
  const result = await main(options);
  writeResults(result, options);
  console.log(renderTables(result));
  console.log(`\nresults: ${path.relative(process.cwd(), options.out) || options.out}; total ${result.totalSeconds} s`);
  if (options.readme) updateReadme(path.join(ROOT, "README.md"), result, path.relative(ROOT, options.out));
  if (result.failures.length) {
    console.error(`\nbench: ${result.failures.length} failure(s):\n  ${result.failures.join("\n  ")}`);
    process.exit(1);
  }
} catch (err) {
  killAll();
  fail(err instanceof Error ? err.message : String(err));
}
