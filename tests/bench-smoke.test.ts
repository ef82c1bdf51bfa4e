import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "./process.js";

// The benchmark harness end to end, in about half a minute: `--quick` measures 1 s per scenario,
// so its figures mean nothing; this only proves that `npm run bench` runs and reports everything.
// On a clean clone the harness first installs its own tools (autocannon, json-server) into
// bench/node_modules from bench/package-lock.json: the npm registry must be reachable then.

const SCENARIOS = ["list", "filtered", "detail", "search", "random", "daily", "categories", "signup"];
const JSON_SERVER_SCENARIOS = ["list", "filtered", "detail", "search"];

interface Measured {
  reqPerSec: number;
  statusCodes: Record<string, number>;
  latencyMs: { p50: number; p99: number };
}
interface Scenario {
  name: string;
  expectedStatus: number;
  failed?: string;
  service: Measured;
  bare?: Measured;
  ratio?: number;
  jsonServer?: Measured;
}

function runBench(args: string[], timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, ["bench/run.mjs", ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    proc.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    proc.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    // SIGTERM lets the harness stop the servers it started.
    const timer = setTimeout(() => proc.kill("SIGTERM"), timeoutMs);
    proc.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe("npm run bench --quick", () => {
  let dir: string;
  let run: { code: number | null; stdout: string; stderr: string };
  let result: {
    scenarios: Scenario[];
    startup: { firstStartMs: { median: number }; coldStartMs: { median: number } };
    memory: { service: { rssMiB: number; treeRssMiB: number } };
    worker: { gzipKiB: number };
    jsonServer: { startMs: { median: number }; memory: { rssMiB: number } };
    startupAgainstJsonServer: { pairs: Array<{ service: number; jsonServer: number }>; serviceMedianMs: number; jsonServerMedianMs: number };
    failures: string[];
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "bench-smoke-"));
    const out = path.join(dir, "results.json");
    run = await runBench(["--quick", `--out=${out}`], 170_000);
    if (run.code === 0) result = JSON.parse(await readFile(out, "utf8"));
  }, 180_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("runs to the end and exits 0", () => {
    expect(run.code, `${run.stderr}\n${run.stdout}`).toBe(0);
    expect(result.failures).toEqual([]);
  });

  it("measures every scenario on the service with only the expected status", () => {
    expect(result.scenarios.map((s) => s.name)).toEqual(SCENARIOS);
    for (const s of result.scenarios) {
      expect(s.failed, s.name).toBeUndefined();
      expect(s.service.reqPerSec, s.name).toBeGreaterThan(0);
      expect(Object.keys(s.service.statusCodes), s.name).toEqual([String(s.expectedStatus)]);
      expect(s.service.latencyMs.p99, s.name).toBeGreaterThanOrEqual(s.service.latencyMs.p50);
    }
  });

  it("measures the bare server on every read and json-server on its equivalents", () => {
    for (const s of result.scenarios.filter((s) => s.name !== "signup")) {
      expect(s.bare?.reqPerSec, s.name).toBeGreaterThan(0);
      expect(s.ratio, s.name).toBeGreaterThan(0);
    }
    for (const name of JSON_SERVER_SCENARIOS) {
      expect(result.scenarios.find((s) => s.name === name)?.jsonServer?.reqPerSec, name).toBeGreaterThan(0);
    }
  });

  it("reports start-up times, memory after the run and the Worker's gzipped size", () => {
    expect(result.startup.firstStartMs.median).toBeGreaterThan(0);
    expect(result.startup.coldStartMs.median).toBeGreaterThan(0);
    expect(result.memory.service.rssMiB).toBeGreaterThan(0);
    expect(result.memory.service.treeRssMiB).toBeGreaterThanOrEqual(result.memory.service.rssMiB);
    expect(result.worker.gzipKiB).toBeGreaterThan(0);
    expect(result.jsonServer.startMs.median).toBeGreaterThan(0);
    expect(result.jsonServer.memory.rssMiB).toBeGreaterThan(0);
    const against = result.startupAgainstJsonServer;
    expect(against.pairs).toHaveLength(1);
    expect(against.serviceMedianMs).toBe(against.pairs[0]?.service);
    expect(against.jsonServerMedianMs).toBeGreaterThan(0);
  });

  it("prints the table with a row per scenario", () => {
    expect(run.stdout).toMatch(/\| scenario +\| service req\/s +\| bare req\/s +\| ratio/);
    for (const name of SCENARIOS) expect(run.stdout).toMatch(new RegExp(`^\\| ${name} +\\|`, "m"));
    expect(run.stdout).toMatch(/cold start/);
    expect(run.stdout).toMatch(/first start/);
    expect(run.stdout).toMatch(/start-up against json-server: 1 start of each, alternating/);
  });
});

describe("npm run bench --peers=cms (Directus)", () => {
  it("refuses a peer it does not know, and --peers=cms with --no-peers, before starting anything", async () => {
    const unknown = await runBench(["--peers=strapi"], 30_000);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--peers takes "cms" (Directus), got "strapi"');
    const both = await runBench(["--peers=cms", "--no-peers"], 30_000);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("--peers=cms and --no-peers contradict each other");
  });

  it("reports Directus beside json-server from a recorded run: req/s with its share of bare, start-up and memory", async () => {
    // Installing Directus compiles native modules for minutes, so CI renders the committed results
    // of a real --peers=cms run rather than measuring it again.
    const { renderTables } = (await import(pathToFileURL(path.join(ROOT, "bench/report.mjs")).href)) as { renderTables: (result: unknown) => string };
    const recorded = JSON.parse(await readFile(path.join(ROOT, "bench/results/cms-2026-11-25.json"), "utf8")) as {
      scenarios: Array<{ name: string; directus?: { reqPerSec: number; shareOfBare: number } }>;
    };
    const withDirectus = recorded.scenarios.filter((s) => s.directus).map((s) => s.name);
    expect(withDirectus).toEqual(JSON_SERVER_SCENARIOS);
    for (const s of recorded.scenarios.filter((s) => s.directus)) expect(s.directus!.shareOfBare).toBeLessThan(0.05);
    const tables = renderTables(recorded);
    expect(tables).toMatch(/\| json-server req\/s +\| +Directus req\/s +\|/);
    expect(tables).toMatch(/^\| list +\|.*\(0\.\d % of bare\)/m);
    expect(tables).toMatch(/Directus 12\.4\.0 \(SQLite\) start: spawn → first 200 of \/server\/ping/);
    expect(tables).toMatch(/Directus RSS after the run/);
  });
});
