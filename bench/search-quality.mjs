// npm run bench:search: our search against the JavaScript search libraries a developer would reach
// for instead (MiniSearch, Orama, FlexSearch; installed into bench/ only), on the same documents (the
// bank's titles, tag names and answers as plain text, as our index sees them) and the same judged
// queries (tests/search/judged.yaml). Each library gets its sensible configuration: fuzzy and prefix
// matching where it offers them, fields boosted title > tags > answer as ours are (5, 3, 1). Prints
// P@1, success@5 and nDCG@10 by kind, and the median latency of one query, for ours (the index alone,
// and the whole GET /v1/questions?q= in process) and each library; writes
// bench/results/search-quality-<date>.json. Run with tsx (it imports the service's TypeScript).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { createDatabase } from "../src/db/client.js";
import { createBankModels, loadSearchIndex, searchDocuments } from "../src/questions/model.js";
import { createTestApp, createTestDatabase } from "../tests/helpers.js";
import { loadJudged, score, summarize } from "../tests/search/metrics.js";
import { runToEnd } from "./processes.mjs";

const BENCH = import.meta.dirname;
const TOP = 10;
const RUNS = 15; // timed runs of each query, after one untimed

async function ensureLibraries() {
  const need = ["minisearch", "@orama/orama", "flexsearch"].map((p) => path.join(BENCH, "node_modules", p, "package.json"));
  if (need.every((f) => existsSync(f))) return;
  console.error("installing the bench's own tools (npm ci in bench/) …");
  const r = await runToEnd(process.platform === "win32" ? "npm.cmd" : "npm", ["ci", "--no-audit", "--no-fund"], { cwd: BENCH, timeoutMs: 300_000 });
  if (r.code !== 0) throw new Error(`npm ci in bench/ failed (${r.code}):\n${r.stdout}${r.stderr}`);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2 : 0;
};

/** Each engine: a name, its version, and search(q) → ids best first (sync or async). */
async function engines(docs, ours, app, slugOf) {
  const require = createRequire(path.join(BENCH, "package.json"));
  const version = (name) => JSON.parse(readFileSync(path.join(BENCH, "node_modules", name, "package.json"), "utf8")).version;
  const rows = docs.map((d) => ({ id: d.id, title: d.title, tags: d.tags.join(" "), body: d.body }));

  const { default: MiniSearch } = await import(require.resolve("minisearch"));
  const mini = new MiniSearch({ fields: ["title", "tags", "body"], storeFields: [] });
  mini.addAll(rows);
  const miniOptions = { boost: { title: 5, tags: 3, body: 1 }, fuzzy: 0.2, prefix: true, combineWith: "OR" };

  const orama = await import(require.resolve("@orama/orama"));
  const db = orama.create({ schema: { title: "string", tags: "string", body: "string" }, components: { tokenizer: { stemming: true } } });
  for (const r of rows) orama.insert(db, { id: String(r.id), title: r.title, tags: r.tags, body: r.body });

  const flex = await import(require.resolve("flexsearch"));
  const { Document, Charset } = flex.default ?? flex;
  const fdoc = new Document({
    document: { id: "id", index: ["title", "tags", "body"] },
    tokenize: "forward",
    encoder: Charset.LatinAdvanced,
  });
  for (const r of rows) fdoc.add(r);
  const fieldWeight = { title: 5, tags: 3, body: 1 };

  return [
    { name: "ours (index)", version: "src/search", search: (q) => ours.search(q).hits.slice(0, TOP).map((h) => h.id) },
    {
      name: "ours (GET /v1/questions?q=, in process)",
      version: "src/search",
      http: true,
      search: async (q) => {
        const res = await app.request(`/v1/questions?limit=${TOP}&q=${encodeURIComponent(q)}`);
        const body = await res.json();
        return body.data.map((d) => d.id);
      },
    },
    { name: "MiniSearch", version: version("minisearch"), search: (q) => mini.search(q, miniOptions).slice(0, TOP).map((r) => r.id) },
    {
      name: "Orama",
      version: version("@orama/orama"),
      search: (q) => {
        const r = orama.search(db, { term: q, properties: ["title", "tags", "body"], boost: { title: 5, tags: 3, body: 1 }, tolerance: 1, limit: TOP });
        // Orama's search is synchronous for an in-memory database without async components.
        return r.hits.map((h) => Number(h.id));
      },
    },
    {
      name: "FlexSearch",
      version: version("flexsearch"),
      search: (q) => {
        // FlexSearch ranks within each field; fields are merged by weighted reciprocal rank.
        const scores = new Map();
        for (const { field, result } of fdoc.search(q, { limit: 50, suggest: true })) {
          result.forEach((id, rank) => scores.set(id, (scores.get(id) ?? 0) + (fieldWeight[field] ?? 1) / (rank + 1)));
        }
        return [...scores.entries()]
          .sort((a, b) => b[1] - a[1] || a[0] - b[0])
          .slice(0, TOP)
          .map(([id]) => id);
      },
    },
  ].map((e) => ({ ...e, slugs: async (q) => (await e.search(q)).map(slugOf) }));
}

async function main() {
  await ensureLibraries();
  const judged = loadJudged();
  const client = await createTestDatabase();
  const database = createDatabase(client);
  const model = await createBankModels()(database);
  const docs = await searchDocuments(database, model.summaries);
  const ours = await loadSearchIndex(database, model.summaries);
  const app = createTestApp(client);
  const slugOf = (id) => model.summaries.get(id)?.slug ?? String(id);

  const results = [];
  for (const engine of await engines(docs, ours, app, slugOf)) {
    const scores = [];
    const latencies = [];
    for (const entry of judged) {
      scores.push(score(entry, await engine.slugs(entry.q)));
      const times = [];
      for (let i = 0; i <= RUNS; i++) {
        const t = performance.now();
        await engine.search(entry.q);
        if (i > 0) times.push(performance.now() - t);
      }
      latencies.push(median(times));
    }
    const rows = summarize(judged, scores);
    results.push({ engine: engine.name, version: engine.version, medianLatencyMs: Number(median(latencies).toFixed(4)), rows });
  }

  const kinds = results[0].rows.map((r) => r.kind);
  const f = (x) => x.toFixed(2);
  console.log(`search quality on ${judged.length} judged queries (tests/search/judged.yaml), P@1 / success@5 / nDCG@10`);
  console.log(["kind".padEnd(12), "n".padStart(3), ...results.map((r) => r.engine.slice(0, 22).padEnd(22))].join("  "));
  for (const kind of kinds) {
    const n = results[0].rows.find((r) => r.kind === kind).n;
    const cells = results.map((r) => {
      const row = r.rows.find((x) => x.kind === kind);
      return `${f(row.p1)} ${f(row.s5)} ${f(row.ndcg10)}`.padEnd(22);
    });
    console.log([kind.padEnd(12), String(n).padStart(3), ...cells].join("  "));
  }
  console.log(["median ms".padEnd(12), "".padStart(3), ...results.map((r) => String(r.medianLatencyMs).padEnd(22))].join("  "));

  const date = new Date().toISOString().slice(0, 10);
  const out = {
    date,
    judged: { file: "tests/search/judged.yaml", queries: judged.length, heldOut: judged.filter((e) => e.heldOut).length },
    documents: docs.length,
    node: process.version,
    results,
  };
  mkdirSync(path.join(BENCH, "results"), { recursive: true });
  const file = path.join(BENCH, "results", `search-quality-${date}.json`);
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}

await main();
