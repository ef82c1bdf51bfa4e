// Validates the whole content tree and runs every code example. Exit 1 on any problem.
//   npm run content:check                 everything
//   npm run content:check -- --no-run     schemas and cross-checks only (fast)
//   npm run content:check -- --only FILE.md [FILE.md…]
//                                         those questions only: schema, links, code examples run
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { createClient } from "@libsql/client";
import {
  ContentError,
  crossCheckQuestions,
  defaultSeedDir,
  type LoadedCodeExample,
  type LoadedQuestion,
  listQuestionFiles,
  RUNTIMES,
  readBase,
  readQuestion,
} from "../src/content/read.js";

export const PYTHON = process.env.CONTENT_PYTHON ?? "/usr/bin/python3";
const RUN_TIMEOUT_MS = 60_000;

export interface ExampleResult {
  question: LoadedQuestion;
  example: LoadedCodeExample;
  ran: boolean;
  error?: string;
}

function run(cmd: string, args: string[], cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      cmd,
      args,
      { cwd, timeout: RUN_TIMEOUT_MS, maxBuffer: 4 << 20, env: { PATH: process.env.PATH ?? "", PYTHONHASHSEED: "0", MPLBACKEND: "Agg" } },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
        const killed = err && (err as { killed?: boolean }).killed ? `timed out after ${RUN_TIMEOUT_MS} ms\n` : "";
        resolve({ code, output: killed + (stderr || stdout).trim().split("\n").slice(-6).join("\n") });
      },
    );
  });
}

async function checkPython(example: LoadedCodeExample): Promise<{ ran: boolean; error?: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), "content-check-"));
  try {
    const compiled = await run(PYTHON, ["-c", "import sys, ast; ast.parse(open(sys.argv[1]).read(), sys.argv[1])", example.path], dir);
    if (compiled.code !== 0) return { ran: false, error: `does not compile:\n${compiled.output}` };
    if (!example.run) return { ran: false };
    if (!/\bassert\b/.test(example.code)) return { ran: false, error: "a runnable example must check itself with assert" };
    const result = await run(PYTHON, [example.path], dir);
    return result.code === 0 ? { ran: true } : { ran: true, error: `exits ${result.code}:\n${result.output}` };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function sameValue(actual: unknown, expected: unknown): boolean {
  if (typeof expected === "number" && (typeof actual === "number" || typeof actual === "bigint")) {
    const a = Number(actual);
    return Math.abs(a - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
  }
  return actual === expected;
}

async function checkSql(example: LoadedCodeExample): Promise<{ ran: boolean; error?: string }> {
  if (!example.run) return { ran: false };
  const db = createClient({ url: ":memory:" });
  try {
    await db.executeMultiple(await readFile(path.join(defaultSeedDir(), "fixtures", `${example.fixture}.sql`), "utf8"));
    const rs = await db.execute(example.code.trim().replace(/;\s*$/, ""));
    const actual = rs.rows.map((row) => Array.from({ length: rs.columns.length }, (_, i) => row[i] ?? null));
    const expected = example.expected ?? [];
    const same =
      actual.length === expected.length &&
      actual.every((row, i) => row.length === expected[i]?.length && row.every((v, j) => sameValue(v, expected[i]?.[j])));
    return same
      ? { ran: true }
      : { ran: true, error: `result differs from expected:\n  got      ${JSON.stringify(actual)}\n  expected ${JSON.stringify(expected)}` };
  } catch (err) {
    return { ran: true, error: `fails: ${(err as Error).message}` };
  } finally {
    db.close();
  }
}

export async function checkExamples(questions: LoadedQuestion[], concurrency = availableParallelism()): Promise<ExampleResult[]> {
  const jobs = questions.flatMap((question) => question.codeExamples.map((example) => ({ question, example })));
  const results: ExampleResult[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < jobs.length) {
        const job = jobs[next++]!;
        const outcome = job.example.language === "python" ? await checkPython(job.example) : await checkSql(job.example);
        results.push({ ...job, ...outcome });
      }
    }),
  );
  return results;
}

export const FIXED_SLUGS = [
  "bias-variance-tradeoff",
  "l1-vs-l2-regularization",
  "gradient-descent-variants",
  "backpropagation",
  "vanishing-exploding-gradients",
  "cnn-vs-rnn-vs-transformer",
  "design-youtube-video-recommendations",
  "design-search-ranking-system",
  "design-real-time-fraud-detection",
  "kmeans-from-scratch",
  "sql-top-spenders-last-30-days",
  "linear-regression-gradient-descent-numpy",
  "test-if-coin-is-fair",
  "correlation-vs-causation",
  "p-values-confidence-intervals-error-types",
];

/** The installed interpreter and packages must be the ones the API says examples run with. */
async function checkRuntimes(): Promise<string[]> {
  const modules = Object.keys(RUNTIMES.packages);
  const script = `import sys, json, importlib\nv = {"python": "%d.%d" % sys.version_info[:2]}\nfor m in ${JSON.stringify(modules)}:\n    try: v[m] = importlib.import_module(m).__version__\n    except ImportError: v[m] = None\nprint(json.dumps(v))`;
  const out = await new Promise<string>((resolve) =>
    execFile(PYTHON, ["-c", script], { timeout: RUN_TIMEOUT_MS }, (err, stdout, stderr) => resolve(err ? `ERR ${stderr}` : stdout)),
  );
  if (out.startsWith("ERR")) return [`runtime: ${PYTHON} cannot report its versions: ${out.slice(4).trim()}`];
  const found = JSON.parse(out) as Record<string, string | null>;
  const problems: string[] = [];
  const want: Record<string, string> = { python: RUNTIMES.python, ...RUNTIMES.packages };
  for (const [name, version] of Object.entries(want)) {
    const have = found[name];
    if (!have) problems.push(`runtime: ${name} is not importable by ${PYTHON}; run scripts/test-setup.mjs`);
    else if (have !== version && !have.startsWith(`${version}.`) && !have.startsWith(`${version}a`))
      problems.push(`runtime: ${name} is ${have}, but the API says examples run with ${version} (src/content/read.ts RUNTIMES)`);
  }
  return problems;
}

/** Topics the bank must cover (issue #14): questions carrying any of the tags, at least this many. */
const TOPIC_FLOORS: Array<[string, string[], number, string?]> = [
  ["LLM post-training and evaluation", ["post-training", "reward-modeling", "llm-evaluation"], 12],
  ["efficient models and systems", ["quantization", "gpu-performance", "efficient-architectures", "mixture-of-experts", "model-compression"], 12],
  ["generative and representation models", ["diffusion", "generative-models", "self-supervised-learning", "multimodal"], 6],
  ["interpretability and safety", ["interpretability", "ai-safety"], 5],
  ["decision-making (bandits, RL, off-policy evaluation)", ["bandits", "reinforcement-learning", "off-policy-evaluation"], 10],
  ["causal inference and experimentation", ["causal-inference", "uplift-modeling"], 8],
  [
    "classical gaps",
    ["time-series", "forecasting", "object-detection", "graph-neural-networks", "speech", "fairness", "explainability", "privacy"],
    10,
  ],
  ["algorithm coding rounds", ["graphs", "dynamic-programming", "heaps-intervals"], 15, "coding"],
  ["practical multi-stage coding (incl. debugging exercises)", ["practical-coding", "debugging"], 5, "coding"],
  ["PyTorch coding problems", ["pytorch"], 8, "coding"],
];

/** What the bank as a whole promises (issues #3 and #14); each unmet one is a problem. */
function bankRequirements(questions: LoadedQuestion[], base: Awaited<ReturnType<typeof readBase>>): string[] {
  const problems: string[] = [];
  const need = (ok: boolean, message: string) => ok || problems.push(`bank: ${message}`);
  const lengths = questions.map((q) => q.markdown.length);
  need(questions.length >= 320, `has ${questions.length} questions; it promises at least 320`);
  need(base.categories.length >= 6, `has ${base.categories.length} categories; it promises six, behavioral among them`);
  for (const c of base.categories) {
    const inCategory = questions.filter((q) => q.category === c.slug);
    const least = c.slug === "behavioral" ? 24 : 30;
    need(inCategory.length >= least, `${c.slug} has ${inCategory.length} questions; it needs at least ${least}`);
    for (const d of ["easy", "medium", "hard"]) {
      need(
        inCategory.some((q) => q.difficulty === d),
        `${c.slug} has no ${d} question`,
      );
    }
  }
  need(median(lengths) >= 4000, `median answer is ${median(lengths)} characters; it must be at least 4,000`);
  for (const q of questions.filter((q) => q.markdown.length < 1500))
    problems.push(`${q.file}: the answer is ${q.markdown.length} characters; none may be under 1,500`);
  for (const [topic, tags, least, category] of TOPIC_FLOORS) {
    const n = questions.filter((q) => (!category || q.category === category) && q.tags.some((t) => tags.includes(t))).length;
    need(n >= least, `covers ${topic} with ${n} questions (tags ${tags.join(", ")}${category ? ` in ${category}` : ""}); it needs at least ${least}`);
  }
  const withCode = questions.filter((q) => q.codeExamples.length > 0).length;
  need(withCode >= 0.4 * questions.length, `${withCode} of ${questions.length} questions have code; at least 40% must`);
  for (const q of questions.filter((q) => q.category === "coding" && q.codeExamples.length === 0)) {
    problems.push(`${q.file}: a coding question needs at least one code example`);
  }
  const examples = questions.flatMap((q) => q.codeExamples);
  const tested = examples.filter((e) => e.run);
  need(tested.length >= 0.98 * examples.length, `${tested.length} of ${examples.length} code examples run under test; at least 98% must`);
  const torch = tested.filter((e) => e.runtime.includes("torch")).length;
  need(torch >= 25, `${torch} PyTorch examples run under test; at least 25 must`);
  const sql = examples.filter((e) => e.language === "sql" && e.run).length;
  need(sql >= 15, `has ${sql} runnable SQL examples; it promises at least 15`);
  for (const company of base.companies) need(company.interview !== undefined, `seed/companies/${company.slug}.yaml has no interview section`);
  const slugs = new Set(questions.map((q) => q.slug));
  for (const slug of FIXED_SLUGS) need(slugs.has(slug), `the product page's question ${slug} is missing`);
  return problems;
}

/** The README's table of the bank, generated from the content so it cannot drift. */
export function bankStatsMarkdown(questions: LoadedQuestion[], base: Awaited<ReturnType<typeof readBase>>): string {
  const withCode = (qs: LoadedQuestion[]) => qs.filter((q) => q.codeExamples.length > 0).length;
  const rows = base.categories.map((c) => {
    const qs = questions.filter((q) => q.category === c.slug);
    const by = (d: string) => qs.filter((q) => q.difficulty === d).length;
    return `| ${c.name} | ${qs.length} | ${by("easy")} / ${by("medium")} / ${by("hard")} | ${withCode(qs)} |`;
  });
  const companies = base.companies.map((c) => {
    const qs = questions.filter((q) => q.companies.includes(c.slug));
    const kinds = (kind: string) => qs.filter((q) => q.evidence[c.slug]?.some((e) => e.kind === kind)).length;
    return `| ${c.name} | ${qs.length} | ${withCode(qs)} | ${kinds("interview-report")} / ${kinds("company-prep-guide")} / ${kinds("company-paper-or-blog")} / ${kinds("job-posting")} |`;
  });
  const examples = questions.flatMap((q) => q.codeExamples);
  const lengths = questions.map((q) => q.markdown.length);
  const tested = examples.filter((e) => e.run);
  const uses = (module: string) => tested.filter((e) => e.runtime.includes(module)).length;
  const sources = new Set(
    questions.flatMap((q) =>
      Object.values(q.evidence)
        .flat()
        .map((e) => e.url),
    ),
  );
  const tags = questions.reduce((n, q) => n + Object.keys(q.evidence).length, 0);
  return [
    `**${questions.length} questions**, median answer ${median(lengths).toLocaleString("en-US")} characters (shortest ${Math.min(...lengths).toLocaleString("en-US")}); ` +
      `${withCode(questions)} questions carry ${examples.length} code examples (${examples.filter((e) => e.language === "python").length} Python, ${examples.filter((e) => e.language === "sql").length} SQL), ` +
      `${tested.length} of which (${((100 * tested.length) / Math.max(1, examples.length)).toFixed(1)}%) run under the test suite, ${uses("torch")} of them with PyTorch and ${uses("scikit-learn")} with scikit-learn. ` +
      `${questions.filter((q) => q.companies.length > 0).length} questions name the companies known to ask them: ${tags} company tags, every one backed by public evidence (${sources.size} distinct sources); ` +
      `${questions.filter((q) => q.inspiredBy.length > 0).length} questions name the published system they are modelled on.`,
    "",
    "| Category | Questions | Easy / medium / hard | With code |",
    "|---|---:|---:|---:|",
    ...rows,
    "",
    "| Company | Questions (each tag with evidence) | With code | Backed by interview report / prep guide / own paper or blog / job posting |",
    "|---|---:|---:|---:|",
    ...companies,
  ].join("\n");
}

const README_START = "<!-- bank-stats:start (generated by npm run content:readme) -->";
const README_END = "<!-- bank-stats:end -->";

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length === 0 ? 0 : sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function checkOnly(files: string[]) {
  const base = await readBase();
  const errors: string[] = [];
  const questions: LoadedQuestion[] = [];
  const wanted = new Set(files.map((f) => path.resolve(f)));
  for (const [file, category] of await listQuestionFiles(defaultSeedDir(), base.categories)) {
    try {
      questions.push(await readQuestion(file, category, defaultSeedDir()));
    } catch (err) {
      if (!(err instanceof ContentError)) throw err;
      if (wanted.has(path.resolve(file))) errors.push(err.message);
    }
  }
  const mine = questions.filter((q) => wanted.has(path.resolve(defaultSeedDir(), "..", q.file)));
  for (const f of wanted) {
    if (
      !questions.some((q) => path.resolve(defaultSeedDir(), "..", q.file) === f) &&
      !errors.some((e) => e.startsWith(path.relative(path.join(defaultSeedDir(), ".."), f)))
    )
      errors.push(`${f}: not a question file under ${defaultSeedDir()}/questions/<category>/`);
  }
  const mineFiles = new Set(mine.map((q) => q.file));
  errors.push(
    ...crossCheckQuestions(questions, base.companySlugs, base.tagSlugs)
      .filter((e) => mineFiles.has(e.file))
      .map((e) => e.message),
  );
  for (const q of mine) {
    console.log(
      `${q.file}: ${q.markdown.length} characters, ${q.codeExamples.length} code example(s), companies ${q.companies.join(", ") || "none"}`,
    );
  }
  for (const r of await checkExamples(mine)) {
    if (r.error) errors.push(`${r.question.file}: code example ${path.basename(r.example.path)}: ${r.error}`);
    else
      console.log(`${r.question.file}: ${path.basename(r.example.path)} ${r.ran ? "ran and passed" : "compiles (not run)"} [${r.example.runtime}]`);
  }
  if (errors.length) {
    console.error(`\n${errors.length} problem${errors.length === 1 ? "" : "s"}:\n- ${errors.join("\n- ")}`);
    process.exit(1);
  }
  console.log("ok");
}

async function main() {
  const only = process.argv.indexOf("--only");
  if (only >= 0) return checkOnly(process.argv.slice(only + 1));
  const runCode = !process.argv.includes("--no-run") && !process.argv.includes("--readme");
  const errors: string[] = [];
  const base = await readBase();
  const questions: LoadedQuestion[] = [];
  for (const [file, category] of await listQuestionFiles(defaultSeedDir(), base.categories)) {
    try {
      questions.push(await readQuestion(file, category, defaultSeedDir()));
    } catch (err) {
      if (err instanceof ContentError) errors.push(err.message);
      else throw err;
    }
  }
  errors.push(...crossCheckQuestions(questions, base.companySlugs, base.tagSlugs).map((e) => e.message));

  if (errors.length === 0) errors.push(...bankRequirements(questions, base));

  const readmePath = path.join(defaultSeedDir(), "..", "README.md");
  const readme = await readFile(readmePath, "utf8").catch(() => "");
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start >= 0 && end > start) {
    const generated = `${README_START}\n${bankStatsMarkdown(questions, base)}\n${README_END}`;
    const current = readme.slice(start, end + README_END.length);
    if (process.argv.includes("--readme")) {
      await writeFile(readmePath, readme.slice(0, start) + generated + readme.slice(end + README_END.length));
      console.log("updated the bank statistics in README.md");
    } else if (current !== generated) {
      errors.push("README.md: the bank statistics are out of date; run npm run content:readme");
    }
  }

  let ran = 0;
  if (runCode) {
    errors.push(...(await checkRuntimes()));
    for (const r of await checkExamples(questions)) {
      if (r.ran) ran++;
      if (r.error) errors.push(`${r.question.file}: code example ${path.basename(r.example.path)}: ${r.error}`);
    }
  }

  const lengths = questions.map((q) => q.markdown.length);
  const examples = questions.flatMap((q) => q.codeExamples);
  console.log(
    `${questions.length} questions; answers median ${median(lengths)} chars, min ${Math.min(...lengths)}; ` +
      `${examples.length} code examples (${examples.filter((e) => e.language === "sql").length} SQL)` +
      (runCode ? `, ${ran} ran under test` : ""),
  );
  for (const c of base.categories) {
    const inCategory = questions.filter((q) => q.category === c.slug);
    const byDifficulty = ["easy", "medium", "hard"].map((d) => inCategory.filter((q) => q.difficulty === d).length);
    console.log(`  ${c.slug.padEnd(24)} ${String(inCategory.length).padStart(3)}  easy/medium/hard ${byDifficulty.join("/")}`);
  }
  if (errors.length) {
    console.error(`\n${errors.length} problem${errors.length === 1 ? "" : "s"}:\n- ${errors.join("\n- ")}`);
    process.exit(1);
  }
  console.log("content ok");
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  await main();
}
