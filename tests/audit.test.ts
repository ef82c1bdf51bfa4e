import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runProcess } from "./process.js";

// `npm audit --omit=dev` must find nothing high or critical. scripts/audit.mjs decides; these
// tests check how it reads reports, then run it for real (so `npm test`, hence CI, checks it).

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "audit-"));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

const counts = (c: Partial<Record<"info" | "low" | "moderate" | "high" | "critical", number>>) => {
  const all = { info: 0, low: 0, moderate: 0, high: 0, critical: 0, ...c };
  return { ...all, total: Object.values(all).reduce((a, b) => a + b, 0) };
};
const advisory = (name: string, severity: string, extra: Record<string, unknown> = {}) => ({
  name,
  severity,
  isDirect: false,
  via: [
    {
      source: 1,
      name,
      dependency: name,
      title: `Something bad in ${name}`,
      url: `https://github.com/advisories/GHSA-${name}`,
      severity,
      range: "<2.0.0",
    },
  ],
  effects: [],
  range: "<2.0.0",
  nodes: [`node_modules/${name}`],
  fixAvailable: true,
  ...extra,
});
const report = (vulnerabilities: Record<string, unknown>, c: Parameters<typeof counts>[0]) =>
  JSON.stringify({
    auditReportVersion: 2,
    vulnerabilities,
    metadata: { vulnerabilities: counts(c), dependencies: { prod: 120, dev: 300, total: 420 } },
  });

async function audit(content: string) {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.json`);
  await writeFile(file, content);
  return runProcess(process.execPath, ["scripts/audit.mjs", "--from", file]);
}

describe("scripts/audit.mjs", () => {
  it("passes a clean report and prints the counts", async () => {
    const { code, output } = await audit(report({}, {}));
    expect(code, output).toBe(0);
    expect(output).toContain("production dependencies (120): 0 critical, 0 high, 0 moderate, 0 low, 0 info");
    expect(output).toContain("audit: OK");
  });

  it("passes moderate and low findings but lists them", async () => {
    const { code, output } = await audit(
      report({ "a-lib": advisory("a-lib", "moderate"), "b-lib": advisory("b-lib", "low", { fixAvailable: false }) }, { moderate: 1, low: 1 }),
    );
    expect(code, output).toBe(0);
    expect(output).toMatch(/moderate\s+a-lib <2\.0\.0; fix available; Something bad in a-lib \(https:\/\/github\.com\/advisories\/GHSA-a-lib\)/);
    expect(output).toMatch(/low\s+b-lib .*no fix yet/);
  });

  it("fails on a high or a critical finding, naming the package and the advisory", async () => {
    const high = await audit(
      report(
        {
          "c-lib": advisory("c-lib", "high", { isDirect: true, fixAvailable: { name: "c-lib", version: "3.0.0", isSemVerMajor: true } }),
          parent: { ...advisory("parent", "high"), via: ["c-lib"] },
        },
        { high: 2 },
      ),
    );
    expect(high.code, high.output).toBe(1);
    expect(high.output).toMatch(/high\s+c-lib <2\.0\.0 \(direct\); fix: c-lib@3\.0\.0 \(major\); Something bad in c-lib/);
    expect(high.output).toMatch(/high\s+parent .*via c-lib/);
    expect(high.output).toContain("FAILED: 2 high or critical findings");
    const critical = await audit(report({ "d-lib": advisory("d-lib", "critical") }, { critical: 1 }));
    expect(critical.code, critical.output).toBe(1);
    expect(critical.output).toContain("FAILED: 1 high or critical finding in production dependencies");
  });

  it("fails with a clear message, not a pass, when the audit could not run", async () => {
    const network = await audit(
      JSON.stringify({
        error: {
          code: "EAI_AGAIN",
          summary: "request to https://registry.npmjs.org/-/npm/v1/security/advisories/bulk failed, reason: getaddrinfo EAI_AGAIN",
          detail: "",
        },
      }),
    );
    expect(network.code, network.output).toBe(2);
    expect(network.output).toContain("could not audit the production dependencies: EAI_AGAIN request to https://registry.npmjs.org");
    expect(network.output).toContain("not a clean result");
    const refused = await audit(
      JSON.stringify({
        message: "405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk",
        statusCode: 405,
        error: { summary: "", detail: "" },
      }),
    );
    expect(refused.code, refused.output).toBe(2);
    expect(refused.output).toContain("405 Method Not Allowed");
    const garbage = await audit("<html>proxy error</html>");
    expect(garbage.code, garbage.output).toBe(2);
    expect(garbage.output).toContain("did not answer JSON");
  });

  it("finds no high or critical advisory in the production dependencies (npm audit --omit=dev)", async () => {
    const { code, output } = await runProcess(process.execPath, ["scripts/audit.mjs"], {}, 150_000);
    // A high or critical finding (1) always fails. Where the registry cannot be asked (offline, or
    // a proxy that refuses the audit's POST with 405, as on the machines this was built on) there
    // is no verdict (2): the test says so loudly and names the cause, and SECURITY.md says what
    // that means; any other outcome fails.
    if (code === 2) {
      expect(output).toMatch(/could not audit the production dependencies: .*(405|EAI_AGAIN|ENOTFOUND|ECONNREFUSED|ETIMEDOUT|network)/i);
      console.warn(`npm audit could not run here, so this run has no verdict on advisories:\n${output}`);
      return;
    }
    expect(code, output).toBe(0);
  }, 180_000);
});
