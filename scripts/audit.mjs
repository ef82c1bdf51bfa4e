#!/usr/bin/env node
// Audits the production dependencies (`npm audit --omit=dev`) and fails on a high or critical
// advisory. Prints one line per vulnerable package; moderate and low findings are reported but
// do not fail the check.
//
//   node scripts/audit.mjs                 run npm audit against the registry
//   node scripts/audit.mjs --from <file>   read a saved `npm audit --json` report instead
//
// Exit codes: 0 no high or critical finding, 1 at least one, 2 the audit could not be run
// (registry unreachable, no lockfile, an answer that is not an audit report).
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const FAILING = ["critical", "high"];
const SEVERITIES = ["critical", "high", "moderate", "low", "info"];

function cannotAudit(reason) {
  console.error(`audit: could not audit the production dependencies: ${reason}`);
  console.error("audit: this is not a clean result. Check the network and the registry (npm config get registry), then run `npm audit --omit=dev`.");
  process.exit(2);
}

function runNpmAudit() {
  return new Promise((resolve) => {
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const proc = spawn(npm, ["audit", "--omit=dev", "--json"], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    proc.stdout.on("data", (c) => (stdout += c));
    proc.stderr.on("data", (c) => (stderr += c));
    const timer = setTimeout(() => proc.kill("SIGKILL"), 120_000);
    proc.on("error", (err) => {
      clearTimeout(timer);
      cannotAudit(`cannot start npm (${err.message})`);
    });
    proc.on("close", (code, signal) => {
      clearTimeout(timer);
      if (signal) cannotAudit(`npm audit was stopped (${signal}) after 120 s`);
      // npm audit exits 1 whenever it finds anything: the report, not the exit code, decides.
      resolve({ stdout, stderr, code });
    });
  });
}

const fromIndex = process.argv.indexOf("--from");
const { stdout, stderr } =
  fromIndex === -1
    ? await runNpmAudit()
    : { stdout: await readFile(process.argv[fromIndex + 1] ?? "", "utf8").catch((err) => cannotAudit(err.message)), stderr: "" };

let report;
try {
  report = JSON.parse(stdout);
} catch {
  cannotAudit(`npm audit did not answer JSON${stderr.trim() ? `: ${stderr.trim().split("\n").slice(-3).join(" | ")}` : ""}`);
}

const counts = report?.metadata?.vulnerabilities;
if (!counts || typeof counts !== "object") {
  // npm's error shapes: { error: { code, summary, detail } } or { message, statusCode, uri, ... }.
  const error = report?.error ?? {};
  const reason = [
    error.code,
    error.summary || report?.message,
    report?.statusCode === 405 ? "(the registry, or a proxy in front of it, refused the POST the audit needs)" : "",
  ]
    .filter(Boolean)
    .join(" ");
  cannotAudit(reason || "the answer is not an audit report");
}

const advisoriesOf = (vulnerability) =>
  (vulnerability.via ?? []).map((via) => (typeof via === "string" ? `via ${via}` : `${via.title ?? "advisory"}${via.url ? ` (${via.url})` : ""}`));

const vulnerabilities = Object.values(report.vulnerabilities ?? {}).sort(
  (a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || String(a.name).localeCompare(String(b.name)),
);
const dependencies = report.metadata.dependencies?.prod ?? report.metadata.dependencies?.total;
console.log(
  `audit: production dependencies${dependencies !== undefined ? ` (${dependencies})` : ""}: ` +
    SEVERITIES.map((s) => `${counts[s] ?? 0} ${s}`).join(", "),
);
for (const v of vulnerabilities) {
  const fix =
    v.fixAvailable === true
      ? "fix available"
      : v.fixAvailable
        ? `fix: ${v.fixAvailable.name}@${v.fixAvailable.version}${v.fixAvailable.isSemVerMajor ? " (major)" : ""}`
        : "no fix yet";
  console.log(`  ${v.severity.padEnd(8)} ${v.name} ${v.range ?? ""}${v.isDirect ? " (direct)" : ""}; ${fix}; ${advisoriesOf(v).join("; ")}`);
}

const failing = FAILING.reduce((n, s) => n + (Number(counts[s]) || 0), 0);
if (failing > 0) {
  console.error(`audit: FAILED: ${failing} high or critical finding${failing === 1 ? "" : "s"} in production dependencies`);
  process.exit(1);
}
console.log("audit: OK: no high or critical finding in production dependencies");
