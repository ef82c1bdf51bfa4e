// Turns a results object into the tables printed by `npm run bench` and kept in the README.
import { readFileSync, writeFileSync } from "node:fs";

const START = "<!-- bench:start -->";
const END = "<!-- bench:end -->";

const int = (n) => (n === null || n === undefined ? "—" : Math.round(n).toLocaleString("en-US"));
// autocannon records whole milliseconds; means are fractional.
const ms = (n) => (n === null || n === undefined ? "—" : Number.isInteger(n) || n >= 10 ? String(Math.round(n)) : n.toFixed(1));
// Truncated, not rounded, so a 0.596 that misses a 0.6 bar does not print as 0.60.
const ratio = (n) => (n === null || n === undefined ? "—" : (Math.floor(n * 100) / 100).toFixed(2));

function table(header, rows, align) {
  const cells = [header, ...rows];
  const widths = header.map((_, i) => Math.max(3, ...cells.map((r) => String(r[i]).length)));
  const pad = (s, i) => (align[i] === "r" ? String(s).padStart(widths[i]) : String(s).padEnd(widths[i]));
  const line = (r) => `| ${r.map(pad).join(" | ")} |`;
  const rule = `|${widths.map((w, i) => (align[i] === "r" ? `${"-".repeat(w + 1)}:` : "-".repeat(w + 2))).join("|")}|`;
  return [line(header), rule, ...rows.map(line)].join("\n");
}

function barCell(check) {
  if (!check) return "—";
  return check.misses.length === 0 ? "✓" : `✗ ${check.misses.join(", ")}`;
}

const percent = (n) => (n === null || n === undefined ? "" : ` (${(n * 100).toFixed(1)} % of bare)`);

export function scenarioTable(result) {
  // Directus (--peers=cms) gets a column only in the runs that measured it.
  const cms = result.scenarios.some((s) => s.directus);
  const rows = result.scenarios.map((s) => [
    s.name,
    int(s.service?.reqPerSec),
    int(s.bare?.reqPerSec),
    s.roundRatios?.length > 1 ? `${ratio(s.ratio)} (${s.roundRatios.map(ratio).join(", ")})` : ratio(s.ratio),
    int(s.jsonServer?.reqPerSec),
    ...(cms ? [s.directus ? `${int(s.directus.reqPerSec)}${percent(s.directus.shareOfBare)}` : "—"] : []),
    ms(s.service?.latencyMs.p50),
    ms(s.service?.latencyMs.p99),
    s.failed ? `FAILED: ${s.failed}` : barCell(s.bar),
  ]);
  const header = ["scenario", "service req/s", "bare req/s", "ratio (rounds)", "json-server req/s", ...(cms ? ["Directus req/s"] : []), "p50 ms", "p99 ms", "bar"];
  return table(header, rows, header.map((_, i) => (i === 0 || i === header.length - 1 ? "l" : "r")));
}

export function measureTable(result) {
  const { startup, memory, worker, jsonServer } = result;
  const ok = (pass, bar) => (pass === null || pass === undefined ? "—" : pass ? `✓ ${bar}` : `✗ ${bar}`);
  const rows = [
    [
      `cold start: seeded database, spawn → first 200 of /health (median of ${startup.coldStartMs.runs.length})`,
      `${int(startup.coldStartMs.median)} ms`,
      ok(startup.coldStartMs.median < result.bars.coldStartMs, `< ${result.bars.coldStartMs} ms`),
    ],
    [
      `first start: empty database, migrate and seed (median of ${startup.firstStartMs.runs.length})`,
      `${int(startup.firstStartMs.median)} ms`,
      ok(startup.firstStartMs.median < result.bars.firstStartMs, `< ${result.bars.firstStartMs} ms`),
    ],
    [
      `service RSS after the run (the listening process; ${memory.service.treeRssMiB} MiB with its launchers, peak ${memory.service.peakRssMiB} MiB)`,
      `${memory.service.rssMiB} MiB`,
      ok(memory.service.rssMiB === null ? null : memory.service.rssMiB < result.bars.rssMiB, `< ${result.bars.rssMiB} MiB`),
    ],
    worker
      ? [
          "Worker bundle, gzipped (wrangler's figure)",
          worker.gzipKiB === null ? "—" : `${worker.gzipKiB} KiB`,
          ok(worker.gzipKiB === null ? null : worker.gzipKiB < result.bars.workerGzipKiB, `< ${result.bars.workerGzipKiB} KiB`),
        ]
      : ["Worker bundle, gzipped", "not built (--no-worker)", "—"],
  ];
  if (jsonServer) {
    rows.push([`json-server ${jsonServer.version} start: spawn → first 200 (median of ${jsonServer.startMs.runs.length})`, `${int(jsonServer.startMs.median)} ms`, "—"]);
    rows.push([`json-server RSS after the run (peak ${jsonServer.memory.peakRssMiB} MiB)`, `${jsonServer.memory.rssMiB} MiB`, "—"]);
  }
  if (result.directus) {
    const { version, startMs, memory: rss } = result.directus;
    rows.push([`Directus ${version} (SQLite) start: spawn → first 200 of /server/ping (median of ${startMs.runs.length})`, `${int(startMs.median)} ms`, "—"]);
    rows.push([`Directus RSS after the run (peak ${rss.peakRssMiB} MiB)`, `${rss.rssMiB} MiB`, "—"]);
  }
  const against = result.startupAgainstJsonServer;
  if (against) {
    const n = against.pairs.length;
    rows.push([
      `start-up against json-server: ${n} start${n === 1 ? "" : "s"} of each, alternating (medians; the service first in ${against.serviceFasterIn} of ${n})`,
      `${int(against.serviceMedianMs)} vs ${int(against.jsonServerMedianMs)} ms`,
      ok(against.serviceMedianMs < against.jsonServerMedianMs, "ahead"),
    ]);
  }
  return table(["measure", "value", "bar"], rows, ["l", "r", "l"]);
}

const pct = (n) => (n === null || n === undefined ? "—" : `${(Math.floor(n * 1000) / 10).toFixed(1)} %`);
const bytes = (n) => (n >= 10_240 ? `${(n / 1024).toFixed(1)} KiB` : `${n} B`);

/** Statuses other than the expected one, and socket errors and timeouts: "0" when there were none. */
function wrong(measured, expectedStatus) {
  if (!measured) return "—";
  const codes = Object.entries(measured.statusCodes).filter(([c]) => c !== String(expectedStatus));
  const parts = codes.map(([c, n]) => `${int(n)}×${c}`);
  if (measured.errors) parts.push(`${int(measured.errors)} errors`);
  if (measured.timeouts) parts.push(`${int(measured.timeouts)} timeouts`);
  return parts.length ? parts.join(", ") : "0";
}

/** The long tail (--long-tail): every request a different URL, against the bare server's typical answer. */
export function longTailTable(result) {
  const rows = result.longTail.scenarios.map((s) => [
    s.name,
    int(s.service?.reqPerSec),
    int(s.bare?.reqPerSec),
    s.roundRatios?.length > 1 ? `${ratio(s.ratio)} (${s.roundRatios.map(ratio).join(", ")})` : ratio(s.ratio),
    ms(s.service?.latencyMs.p50),
    ms(s.service?.latencyMs.p99),
    wrong(s.service, s.expectedStatus),
    s.distinct ? `${pct(s.distinct.share)} of ${int(s.distinct.requestsSent)}` : "—",
    `${int(s.urls)}`,
    bytes(s.bareAnswer.bytes),
    s.failed ? `FAILED: ${s.failed}` : "",
  ]);
  const header = ["long tail", "service req/s", "bare req/s", "ratio (rounds)", "p50 ms", "p99 ms", "not 200", "distinct URLs (of requests)", "URLs", "bare answer", ""];
  return table(header, rows, header.map((_, i) => (i === 0 || i === header.length - 1 ? "l" : "r")));
}

/** Memory after the long tail and around the probe, and the bank it ran on. */
export function longTailMeasureTable(result) {
  const { longTail, scale, startup } = result;
  const mem = (m) => (m ? `${m.rssMiB} MiB (peak ${m.peakRssMiB})` : "—");
  const rows = [];
  if (scale) {
    const copies = Object.entries(scale.copies).map(([c, n]) => `${c} ${n}`).join(", ");
    rows.push([`bank: seed/ plus its ${scale.originalQuestions} questions copied (${copies})${scale.notes.length ? `; ${scale.notes.join("; ")}` : ""}`, `${int(scale.questions)} questions`]);
    rows.push([`first start at this scale: empty database, migrate and seed (median of ${startup.firstStartMs.runs.length})`, `${int(startup.firstStartMs.median)} ms`]);
    rows.push([`cold start at this scale: seeded database (median of ${startup.coldStartMs.runs.length})`, `${int(startup.coldStartMs.median)} ms`]);
  } else {
    rows.push(["bank: seed/ as it is (no --scale)", `${int(longTail.questions)} questions`]);
  }
  rows.push(["service RSS, restarted for the long tail, before it", mem(longTail.memoryBefore)]);
  if (longTail.memoryAfter) rows.push(["service RSS after the long-tail run", mem(longTail.memoryAfter)]);
  const probe = longTail.memoryProbe;
  if (probe) {
    rows.push(["memory probe: RSS before", mem(probe.before)]);
    for (const step of probe.steps) {
      const statuses = Object.entries(step.statusCodes).map(([c, n]) => `${int(n)}×${c}`).join(", ");
      rows.push([`… after ${int(step.urls)} ${step.name}, e.g. \`${step.example}\` (${statuses}; ${int(step.reqPerSec)} req/s${step.unexpected ? `; ${step.unexpected}` : ""})`, mem(step.after)]);
    }
  }
  return table(["measure", "value"], rows, ["l", "r"]);
}

export function describeRun(result) {
  const m = result.machine;
  const s = result.settings;
  return (
    `${result.date.slice(0, 10)} (UTC), ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB RAM, ${m.os}, Node ${m.node}, ` +
    `shared (load average ${m.loadAverageAtStart?.[0] ?? "?"} at the start, ${m.loadAverageAtEnd?.[0] ?? "?"} at the end); ` +
    (s.rounds > 1
      ? `${s.connections} connections, ${s.rounds} rounds of ${s.durationSeconds} s (after ${s.warmupSeconds} s of warm-up) per read scenario and server, ` +
        "service and bare alternating; ratio = median of the rounds' ratios, " +
        "p99 = the worst round's, "
      : `${s.connections} connections, ${s.durationSeconds} s per scenario after ${s.warmupSeconds} s of warm-up, `) +
    `rate limiter on (RATE_LIMIT_ANON_PER_MINUTE=${s.rateLimitAnonPerMinute})${s.quick ? ", QUICK run (not comparable)" : ""}.` +
    (result.scale ? ` Bank at --scale=${result.scale.scale}: ${result.scale.questions.toLocaleString("en-US")} questions (${result.scale.originalQuestions} and their copies).` : "")
  );
}

export function renderTables(result) {
  const peers = (s) => [s.jsonServer && `json-server: \`${s.jsonServer.path}\``, s.directus && `Directus: \`${s.directus.path}\``].filter(Boolean).join("; ");
  const legend = result.scenarios.map((s) => `\`${s.name}\` ${s.method} \`${s.path}\`${peers(s) ? ` (${peers(s)})` : ""}`).join("; ");
  const parts = [describeRun(result), ""];
  if (result.scenarios.length) parts.push(scenarioTable(result), "");
  parts.push(measureTable(result), "");
  if (result.scenarios.length) parts.push(`Requests: ${legend}.`);
  if (result.longTail) {
    const tail = result.longTail.scenarios.map((s) => `\`${s.name}\` ${s.description}`).join("; ");
    parts.push(
      "",
      `Long tail: a service started afresh (its cache empty), every request a URL not sent before until a scenario's list runs out ` +
        `("distinct URLs" counts warm-ups too); the bare server answers every URL with the service's median-sized answer to a sample of the scenario's URLs ("bare answer").`,
      "",
    );
    if (result.longTail.scenarios.length) parts.push(longTailTable(result), "");
    parts.push(longTailMeasureTable(result));
    if (tail) parts.push("", `Long-tail requests: ${tail}.`);
  }
  return parts.join("\n");
}

/** Rewrites the README block between the bench markers with the dated tables. */
export function updateReadme(readmePath, result, resultsPath) {
  const readme = readFileSync(readmePath, "utf8");
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${readmePath} has no ${START} … ${END} block`);
  const block = `${START}\n${renderTables(result)}\nAll figures: \`${resultsPath}\`.\n${END}`;
  writeFileSync(readmePath, readme.slice(0, start) + block + readme.slice(end + END.length));
}
