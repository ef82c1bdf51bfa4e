import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { PROJECT_ROOT } from "../src/paths.js";
import type { Client, InStatement } from "@libsql/client";
import type { z } from "zod";
import type { InterviewProcess } from "../src/companies/schemas.js";
import { difficulties } from "../src/questions/schemas.js";
// Rendering and parsing (seed/tools.ts) are loaded only when content is read, so a server
// restarting on unchanged content does not pay for them.
const tools = () => import("./tools.js");
import {
  type CodeExampleFile,
  categoryFileSchema,
  companyFileSchema,
  type evidenceFileSchema,
  type inspiredByFileSchema,
  prepPlanFileSchema,
  questionFrontMatterSchema,
  resourcesFileSchema,
  marketFileSchema,
  roleRulesFileSchema,
  salaryFileSchema,
  salaryLocationFileSchema,
  tagFileSchema,
} from "./schemas.js";
import { commonLevels, type PayFigure } from "../src/salaries/schemas.js";

// The content folder: this one, unless SEED_DIR points elsewhere (to preview another checkout's content).
// Read when called, not when this module loads: the start-up snapshot evaluates modules ahead of time.
export function defaultSeedDir(): string {
  return process.env.SEED_DIR ? path.resolve(process.env.SEED_DIR) : path.join(PROJECT_ROOT, "seed");
}

// Bump when the loader's output changes for the same files (rendering, related questions…),
// so the next start reloads even though seed/ did not change.
const LOADER_VERSION = 5;

const LANGUAGES: Record<string, string> = { ".py": "python", ".sql": "sql" };

/**
 * What the test suite runs examples with (Debian bookworm's packages, installed by
 * scripts/test-setup.mjs); content:check fails when the installed versions differ.
 */
export const RUNTIMES = {
  python: "3.11",
  sqlite: "3.45",
  packages: { numpy: "1.24", pandas: "1.5", torch: "1.13", sklearn: "1.2" } as Record<string, string>,
};
const PACKAGE_NAMES: Record<string, string> = { sklearn: "scikit-learn" };

/** "python 3.11, numpy 1.24, torch 1.13": the interpreter and the packages the example imports. */
export function exampleRuntime(language: string, code: string): string {
  if (language === "sql") return `sqlite ${RUNTIMES.sqlite}`;
  const imported = new Set<string>();
  for (const m of code.matchAll(/^\s*(?:import|from)\s+([A-Za-z_][A-Za-z0-9_]*)/gm)) imported.add(m[1] as string);
  const packages = Object.entries(RUNTIMES.packages)
    .filter(([module]) => imported.has(module))
    .map(([module, version]) => `${PACKAGE_NAMES[module] ?? module} ${version}`);
  return [`python ${RUNTIMES.python}`, ...packages].join(", ");
}

/** A content file that does not validate: names the file and the field. */
export class ContentError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    message: string,
  ) {
    super(`${file}: ${field ? `${field}: ` : ""}${message}`);
    this.name = "ContentError";
  }
}

export interface LoadedCodeExample extends CodeExampleFile {
  language: string;
  code: string;
  path: string;
  runtime: string;
}

export type Evidence = z.infer<typeof evidenceFileSchema>;
export type InspiredBy = z.infer<typeof inspiredByFileSchema>;

export interface LoadedQuestion {
  id: number;
  slug: string;
  title: string;
  category: string;
  difficulty: (typeof difficulties)[number];
  companies: string[];
  /** The public sources behind each company tag, by company slug. */
  evidence: Record<string, Evidence[]>;
  inspiredBy: InspiredBy[];
  tags: string[];
  createdAt: string;
  updatedAt: string;
  markdown: string;
  html: string;
  text: string;
  codeExamples: LoadedCodeExample[];
  links: string[];
  file: string;
}

export interface Content {
  hash: string;
  categories: z.infer<typeof categoryFileSchema>;
  tags: z.infer<typeof tagFileSchema>;
  companies: Array<z.infer<typeof companyFileSchema> & { slug: string }>;
  questions: LoadedQuestion[];
  related: Map<number, number[]>;
  prepPlan: z.infer<typeof prepPlanFileSchema>;
  resources: z.infer<typeof resourcesFileSchema>;
  salaries: Salaries;
}

export interface Salaries {
  locations: z.infer<typeof salaryLocationFileSchema>;
  companies: Array<z.infer<typeof salaryFileSchema>>;
  market: z.infer<typeof marketFileSchema>["entries"];
  roleRules: RoleRules;
}
type RoleRules = z.infer<typeof roleRulesFileSchema>;

function relative(file: string, seedDir: string): string {
  return path.join("seed", path.relative(seedDir, file));
}

function parseWith<T>(schema: z.ZodType<T>, data: unknown, file: string): T {
  const result = schema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    if (issue?.code === "unrecognized_keys") {
      const field = [...issue.path, issue.keys.join(", ")].join(".");
      throw new ContentError(file, field, "unknown field (check its spelling against seed/README.md)");
    }
    throw new ContentError(file, issue ? issue.path.join(".") : "", issue?.message ?? "invalid");
  }
  return result.data;
}

async function readYaml<T>(seedDir: string, name: string, schema: z.ZodType<T>): Promise<T> {
  const file = path.join(seedDir, name);
  const label = relative(file, seedDir);
  let data: unknown;
  try {
    const { YAML } = await tools();
    data = YAML.parse(await readFile(file, "utf8"));
  } catch (err) {
    throw new ContentError(label, "", `cannot read YAML: ${(err as Error).message.split("\n")[0]}`);
  }
  return parseWith(schema, data, label);
}

// Synchronous: one directory walk at start-up, a third of what the promise-based walk costs.
async function listFiles(dir: string): Promise<string[]> {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => `${e.parentPath}${path.sep}${e.name}`)
    .sort();
}

const feedsDatabase = (file: string) => /\.(ya?ml|md|py|sql)$/.test(file) && !file.endsWith("README.md");

/** A hash of every file under seed/ that feeds the database, plus the loader's version. */
export async function hashContent(seedDir = defaultSeedDir()): Promise<string> {
  const hash = createHash("sha256").update(`loader:${LOADER_VERSION}\n`);
  for (const file of await listFiles(seedDir)) {
    if (!feedsDatabase(file)) continue;
    // Synchronous reads: several hundred small files, read at start-up, cost a third as much this way.
    hash.update(path.relative(seedDir, file)).update("\0").update(readFileSync(file)).update("\0");
  }
  return hash.digest("hex");
}

/**
 * The same files' names, sizes and modification times: a fraction of the cost of reading them,
 * and different whenever one is edited, added or removed. A start whose signature matches the
 * one stored with the loaded content's hash skips hashing the content itself.
 */
export async function contentSignature(seedDir = defaultSeedDir()): Promise<string> {
  const hash = createHash("sha256").update(`loader:${LOADER_VERSION}\n`);
  const root = path.resolve(seedDir);
  for (const file of await listFiles(root)) {
    if (!feedsDatabase(file)) continue;
    const stats = statSync(file);
    hash.update(`${file.slice(root.length + 1)}\0${stats.size}:${stats.mtimeMs}\0`);
  }
  return hash.digest("hex");
}

const QUESTION_LINK = /\]\(\/v1\/questions\/([a-z0-9-]+)\)/g;

export async function readQuestion(file: string, category: CategoryFile, seedDir: string): Promise<LoadedQuestion> {
  const { matter, YAML, ...render } = await tools();
  const label = relative(file, seedDir);
  const slug = path.basename(file, ".md");
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug)) {
    throw new ContentError(label, "slug", "the file name must be lowercase words joined by '-'");
  }
  let parsed: ReturnType<typeof matter>;
  try {
    parsed = matter(await readFile(file, "utf8"), {
      engines: { yaml: (source: string) => YAML.parse(source) as object },
    });
  } catch (err) {
    throw new ContentError(label, "front-matter", `cannot parse: ${(err as Error).message.split("\n")[0]}`);
  }
  const front = parseWith(questionFrontMatterSchema, parsed.data, label);
  if (front.id < category.ids.from || front.id > category.ids.to) {
    throw new ContentError(label, "id", `must be in ${category.ids.from}–${category.ids.to} for category ${category.slug}`);
  }
  const markdown = parsed.content.trim();
  if (markdown.length < 500) {
    throw new ContentError(label, "answer", `is ${markdown.length} characters; an answer needs at least 500`);
  }
  const codeExamples: LoadedCodeExample[] = [];
  for (const [i, example] of front.codeExamples.entries()) {
    const examplePath = path.join(path.dirname(file), example.file);
    let code: string;
    try {
      code = await readFile(examplePath, "utf8");
    } catch {
      throw new ContentError(label, `codeExamples.${i}.file`, `${example.file} does not exist beside the question`);
    }
    const language = LANGUAGES[path.extname(example.file)] ?? "text";
    if (language === "sql" && example.run && (!example.fixture || !example.expected)) {
      throw new ContentError(label, `codeExamples.${i}`, "a runnable SQL example needs `fixture` and `expected`");
    }
    codeExamples.push({ ...example, language, code: code.trimEnd() + "\n", path: examplePath, runtime: exampleRuntime(language, code) });
  }
  const evidence = Object.fromEntries(front.companies.map((tag) => [tag.company, tag.evidence]));
  return {
    id: front.id,
    slug,
    title: front.title,
    category: category.slug,
    difficulty: front.difficulty,
    companies: front.companies.map((tag) => tag.company),
    evidence,
    inspiredBy: front.inspiredBy,
    tags: front.tags,
    createdAt: `${front.created}T00:00:00Z`,
    updatedAt: `${front.updated}T00:00:00Z`,
    markdown,
    html: render.renderMarkdown(markdown),
    text: render.plainText(markdown),
    codeExamples,
    links: [...markdown.matchAll(QUESTION_LINK)].map((m) => m[1] as string),
    file: label,
  };
}

function duplicates<T>(items: T[], key: (item: T) => string | number, what: string, file: (item: T) => string): ContentError[] {
  const seen = new Map<string | number, T>();
  const errors: ContentError[] = [];
  for (const item of items) {
    const k = key(item);
    const earlier = seen.get(k);
    if (earlier !== undefined) errors.push(new ContentError(file(item), what, `${String(k)} is already used by ${file(earlier)}`));
    seen.set(k, item);
  }
  return errors;
}

function checkUnique<T>(items: T[], key: (item: T) => string | number, what: string, file: (item: T) => string) {
  const [first] = duplicates(items, key, what, file);
  if (first) throw first;
}

/** Checks across question files: known companies and tags, unique ids, slugs and titles, live links. */
export function crossCheckQuestions(questions: LoadedQuestion[], companySlugs: Set<string>, tagSlugs: Set<string>): ContentError[] {
  const errors: ContentError[] = [];
  for (const q of questions) {
    q.companies.forEach((c, i) => {
      if (!companySlugs.has(c)) errors.push(new ContentError(q.file, `companies.${i}`, `unknown company ${c}; known: ${[...companySlugs].join(", ")}`));
    });
    q.tags.forEach((t, i) => {
      if (!tagSlugs.has(t)) errors.push(new ContentError(q.file, `tags.${i}`, `${t} is not in seed/tags.yaml`));
    });
    errors.push(...duplicates(q.tags, (t) => t, "tags", () => q.file), ...duplicates(q.companies, (c) => c, "companies", () => q.file));
  }
  errors.push(
    ...duplicates(questions, (q) => q.id, "id", (q) => q.file),
    ...duplicates(questions, (q) => q.slug, "slug", (q) => q.file),
    ...duplicates(questions, (q) => q.title.toLowerCase(), "title", (q) => q.file),
  );
  const slugs = new Set(questions.map((q) => q.slug));
  for (const q of questions) {
    for (const link of q.links) {
      if (!slugs.has(link)) errors.push(new ContentError(q.file, "answer", `links to /v1/questions/${link}, which does not exist`));
    }
  }
  return errors;
}

/** Up to five related questions: linked ones first, then by shared tags, category and companies. */
function relateQuestions(questions: LoadedQuestion[]): Map<number, number[]> {
  const bySlug = new Map(questions.map((q) => [q.slug, q]));
  const related = new Map<number, number[]>();
  for (const q of questions) {
    const linked = new Set(q.links.map((s) => bySlug.get(s)?.id).filter((id): id is number => id !== undefined));
    const scored = questions
      .filter((other) => other.id !== q.id)
      .map((other) => {
        const sharedTags = other.tags.filter((t) => q.tags.includes(t)).length;
        const sharedCompanies = other.companies.filter((c) => q.companies.includes(c)).length;
        const score =
          (linked.has(other.id) ? 100 : 0) +
          (other.links.includes(q.slug) ? 20 : 0) +
          sharedTags * 10 +
          (other.category === q.category ? 4 : 0) +
          Math.min(sharedCompanies, 2);
        return { id: other.id, score };
      })
      .filter((s) => s.score >= 10)
      .sort((a, b) => b.score - a.score || a.id - b.id);
    related.set(
      q.id,
      scored.slice(0, 5).map((s) => s.id),
    );
  }
  return related;
}

/** Everything but the questions: categories, tags, companies, the plan and the resources. */
export async function readBase(seedDir = defaultSeedDir()) {
  const categories = await readYaml(seedDir, "categories.yaml", categoryFileSchema);
  const tags = await readYaml(seedDir, "tags.yaml", tagFileSchema);
  const prepPlan = await readYaml(seedDir, "prep-plan.yaml", prepPlanFileSchema);
  const resources = await readYaml(seedDir, "resources.yaml", resourcesFileSchema);
  checkUnique(categories, (c) => c.slug, "slug", () => "seed/categories.yaml");
  checkUnique(tags, (t) => t.slug, "slug", () => "seed/tags.yaml");
  checkUnique(resources.resources, (r) => r.slug, "slug", () => "seed/resources.yaml");

  const companies: Content["companies"] = [];
  for (const file of await listFiles(path.join(seedDir, "companies"))) {
    if (!file.endsWith(".yaml")) continue;
    const slug = path.basename(file, ".yaml");
    const company = await readYaml(seedDir, path.relative(seedDir, file), companyFileSchema);
    companies.push({ ...company, slug });
  }
  companies.sort((a, b) => a.position - b.position || a.slug.localeCompare(b.slug));

  const categorySlugs = new Set(categories.map((c) => c.slug));
  for (const [p, phase] of prepPlan.phases.entries()) {
    for (const [t, task] of phase.tasks.entries()) {
      if (task.category !== null && !categorySlugs.has(task.category)) {
        throw new ContentError("seed/prep-plan.yaml", `phases.${p}.tasks.${t}.category`, `unknown category ${task.category}`);
      }
    }
  }
  const companySlugs = new Set(companies.map((c) => c.slug));
  const salaries = await readSalaries(seedDir, companySlugs);
  return {
    categories,
    tags,
    companies,
    prepPlan,
    resources,
    salaries,
    companySlugs,
    tagSlugs: new Set(tags.map((t) => t.slug)),
  };
}

/**
 * seed/salaries/: the locations, the role rules, the market rows, then one file per company (named
 * by its slug, a company of seed/companies/). Every entry is in known locations of its currency;
 * reported figures sit on the company's ladder; a posting's role is what the rules make of its title.
 */
export async function readSalaries(seedDir: string, companySlugs: Set<string>): Promise<Salaries> {
  const locations = await readYaml(seedDir, "salaries/locations.yaml", salaryLocationFileSchema);
  checkUnique(locations, (l) => l.slug, "slug", () => "seed/salaries/locations.yaml");
  const roleRules = await readYaml(seedDir, "salaries/roles.yaml", roleRulesFileSchema);
  const market = await readYaml(seedDir, "salaries/market.yaml", marketFileSchema);
  const byLocation = new Map(locations.map((l) => [l.slug, l]));
  const checkLocations = (label: string, field: string, slugs: string[], currency: string) => {
    for (const [j, slug] of slugs.entries()) {
      const location = byLocation.get(slug);
      if (!location) throw new ContentError(label, `${field}.${j}`, `unknown location ${slug}; known: ${[...byLocation.keys()].join(", ")}`);
      if (location.currency !== currency) throw new ContentError(label, `${field}.${j}`, `figures for ${slug} are in ${location.currency}, not ${currency}`);
    }
  };
  for (const [i, row] of market.entries.entries()) checkLocations("seed/salaries/market.yaml", `entries.${i}.location`, [row.location], row.currency);
  const files: Salaries["companies"] = [];
  for (const file of await listFiles(path.join(seedDir, "salaries"))) {
    if (!file.endsWith(".yaml") || ["locations.yaml", "roles.yaml", "market.yaml"].includes(path.basename(file))) continue;
    const label = relative(file, seedDir);
    const data = await readYaml(seedDir, path.relative(seedDir, file), salaryFileSchema);
    if (`${data.company}.yaml` !== path.basename(file)) throw new ContentError(label, "company", `must be ${path.basename(file, ".yaml")}, the file's name`);
    if (!companySlugs.has(data.company)) throw new ContentError(label, "company", `no seed/companies/${data.company}.yaml`);
    checkUnique(data.ladder, (step) => step.companyLevel, "companyLevel", () => label);
    for (const [i, step] of data.ladder.entries()) {
      const previous = data.ladder[i - 1];
      if (previous && commonLevels.indexOf(step.level) < commonLevels.indexOf(previous.level)) {
        throw new ContentError(label, `ladder.${i}.level`, `${step.level} is below the step before it (${previous.level}): list the ladder lowest first`);
      }
    }
    for (const [i, entry] of data.entries.entries()) {
      checkUnique(entry.locations, (l) => l, `entries.${i}.locations`, () => label);
      checkLocations(label, `entries.${i}.locations`, entry.locations, entry.currency);
      if (entry.basis === "posted-range") {
        const role = roleForTitle(roleRules, entry.title);
        if (role !== entry.role) {
          throw new ContentError(label, `entries.${i}.role`, `the rules in seed/salaries/roles.yaml make '${entry.title}' ${role ?? "no ML role"}, not ${entry.role}`);
        }
      }
    }
    files.push(data);
  }
  files.sort((a, b) => a.company.localeCompare(b.company));
  return { locations, companies: files, market: market.entries, roleRules };
}

/** The role family of a posting's title: the first rule that matches, or null (not an ML role). */
export function roleForTitle(rules: RoleRules, title: string): string | null {
  for (const rule of rules.rules) {
    if (new RegExp(rule.pattern, "i").test(title)) return rule.role === "skip" ? null : rule.role;
  }
  return null;
}

/** [file, category] for every question file, category by category. */
type CategoryFile = z.infer<typeof categoryFileSchema>[number];

export async function listQuestionFiles(seedDir: string, categories: CategoryFile[]): Promise<Array<[string, CategoryFile]>> {
  const out: Array<[string, CategoryFile]> = [];
  for (const category of categories) {
    const dir = path.join(seedDir, "questions", category.slug);
    const files = (await listFiles(dir).catch(() => [])).filter((f) => f.endsWith(".md"));
    for (const file of files) out.push([file, category]);
  }
  return out;
}

/** Reads and validates everything under seed/. Throws ContentError naming the file and field. */
export async function readContent(seedDir = defaultSeedDir()): Promise<Content> {
  const { categories, tags, companies, prepPlan, resources, salaries, companySlugs, tagSlugs } = await readBase(seedDir);
  const questions: LoadedQuestion[] = [];
  // Sixteen files at a time: reading them one after another waits on the disk for each.
  const files = await listQuestionFiles(seedDir, categories);
  for (let i = 0; i < files.length; i += 16) {
    questions.push(...(await Promise.all(files.slice(i, i + 16).map(([file, category]) => readQuestion(file, category, seedDir)))));
  }
  const [firstError] = crossCheckQuestions(questions, companySlugs, tagSlugs);
  if (firstError) throw firstError;
  questions.sort((a, b) => a.id - b.id);

  return {
    hash: await hashContent(seedDir),
    categories,
    tags,
    companies,
    questions,
    related: relateQuestions(questions),
    prepPlan,
    resources,
    salaries,
  };
}

const DIFFICULTY_RANK = Object.fromEntries(difficulties.map((d, i) => [d, i])) as Record<string, number>;

function placeholders(values: unknown[]): string {
  return values.map(() => "?").join(", ");
}

/**
 * Writes the content in one atomic batch: upserts what exists, deletes what was removed from
 * seed/, and touches no table but the content tables. Running it twice changes nothing.
 */
export async function writeContent(client: Client, content: Content): Promise<void> {
  const s: InStatement[] = [];
  const add = (sql: string, args: Array<string | number | null> = []) => s.push({ sql, args });

  for (const [i, c] of content.categories.entries()) {
    add(
      `INSERT INTO categories (slug, name, description, position) VALUES (?, ?, ?, ?)
       ON CONFLICT(slug) DO UPDATE SET name = excluded.name, description = excluded.description, position = excluded.position`,
      [c.slug, c.name, c.description.trim(), i + 1],
    );
  }
  for (const t of content.tags) {
    add(`INSERT INTO tags (slug, name) VALUES (?, ?) ON CONFLICT(slug) DO UPDATE SET name = excluded.name`, [t.slug, t.name]);
  }
  for (const c of content.companies) {
    add(
      `INSERT INTO companies (slug, name, summary, focus_areas, interview, position) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(slug) DO UPDATE SET name = excluded.name, summary = excluded.summary, focus_areas = excluded.focus_areas,
         interview = excluded.interview, position = excluded.position`,
      [c.slug, c.name, c.summary.trim(), JSON.stringify(c.focusAreas), c.interview ? JSON.stringify(trimInterview(c.interview)) : null, c.position],
    );
  }

  const ids = content.questions.map((q) => q.id);
  // Children first, so removed questions and their rows go without tripping foreign keys.
  for (const table of ["question_tags", "question_companies", "code_examples", "related_questions"]) {
    add(`DELETE FROM ${table}`);
  }
  add(`DELETE FROM questions_fts`);
  add(ids.length ? `DELETE FROM questions WHERE id NOT IN (${placeholders(ids)})` : `DELETE FROM questions`, ids);
  for (const q of content.questions) {
    add(
      `INSERT INTO questions (id, slug, title, category_slug, difficulty, difficulty_rank, answer_markdown, answer_html, inspired_by, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET slug = excluded.slug, title = excluded.title, category_slug = excluded.category_slug,
         difficulty = excluded.difficulty, difficulty_rank = excluded.difficulty_rank, answer_markdown = excluded.answer_markdown,
         answer_html = excluded.answer_html, inspired_by = excluded.inspired_by, created_at = excluded.created_at, updated_at = excluded.updated_at`,
      [
        q.id,
        q.slug,
        q.title,
        q.category,
        q.difficulty,
        DIFFICULTY_RANK[q.difficulty] ?? 0,
        q.markdown,
        q.html,
        JSON.stringify(q.inspiredBy),
        q.createdAt,
        q.updatedAt,
      ],
    );
    q.tags.forEach((t, i) => add(`INSERT INTO question_tags (question_id, tag_slug, position) VALUES (?, ?, ?)`, [q.id, t, i]));
    q.companies.forEach((c, i) =>
      add(`INSERT INTO question_companies (question_id, company_slug, position, evidence) VALUES (?, ?, ?, ?)`, [
        q.id,
        c,
        i,
        JSON.stringify(q.evidence[c] ?? []),
      ]),
    );
    q.codeExamples.forEach((e, i) =>
      add(`INSERT INTO code_examples (question_id, position, language, caption, code, tested, runtime) VALUES (?, ?, ?, ?, ?, ?, ?)`, [
        q.id,
        i,
        e.language,
        e.caption,
        e.code,
        e.run ? 1 : 0,
        e.runtime,
      ]),
    );
    const tagNames = q.tags.map((t) => t.replace(/-/g, " ")).join(" ");
    add(`INSERT INTO questions_fts (rowid, title, tags, body) VALUES (?, ?, ?, ?)`, [q.id, q.title, tagNames, q.text]);
  }
  for (const [id, relatedIds] of content.related) {
    relatedIds.forEach((r, i) => add(`INSERT INTO related_questions (question_id, related_id, position) VALUES (?, ?, ?)`, [id, r, i]));
  }

  const companySlugs = content.companies.map((c) => c.slug);
  add(`DELETE FROM companies WHERE slug NOT IN (${placeholders(companySlugs)})`, companySlugs);
  const tagSlugs = content.tags.map((t) => t.slug);
  add(`DELETE FROM tags WHERE slug NOT IN (${placeholders(tagSlugs)})`, tagSlugs);

  add(`DELETE FROM prep_tasks`);
  add(`DELETE FROM prep_phases`);
  for (const [p, phase] of content.prepPlan.phases.entries()) {
    add(`INSERT INTO prep_phases (position, title, summary, first_week, last_week) VALUES (?, ?, ?, ?, ?)`, [
      p + 1,
      phase.title,
      phase.summary.trim(),
      Math.min(...phase.weeks),
      Math.max(...phase.weeks),
    ]);
    phase.tasks.forEach((t, i) =>
      add(`INSERT INTO prep_tasks (phase_position, position, title, category_slug) VALUES (?, ?, ?, ?)`, [p + 1, i + 1, t.title, t.category]),
    );
  }

  const resourceSlugs = content.resources.resources.map((r) => r.slug);
  for (const [i, r] of content.resources.resources.entries()) {
    add(
      `INSERT INTO resources (slug, position, name, kind, description, url, price_min, price_max, currency, period)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(slug) DO UPDATE SET position = excluded.position, name = excluded.name, kind = excluded.kind,
         description = excluded.description, url = excluded.url, price_min = excluded.price_min, price_max = excluded.price_max,
         currency = excluded.currency, period = excluded.period`,
      [r.slug, i + 1, r.name, r.kind, r.description, r.url, r.price.min, r.price.max, r.price.currency, r.price.period],
    );
  }
  add(`DELETE FROM resources WHERE slug NOT IN (${placeholders(resourceSlugs)})`, resourceSlugs);
  const categorySlugs = content.categories.map((c) => c.slug);
  add(`DELETE FROM categories WHERE slug NOT IN (${placeholders(categorySlugs)})`, categorySlugs);

  writeSalaries(add, content.salaries);

  const meta = {
    "prep-plan": { title: content.prepPlan.title, weeks: content.prepPlan.weeks },
    "total-investment": content.resources.totalInvestment,
    "seed-hash": content.hash,
  };
  for (const [key, value] of Object.entries(meta)) {
    add(`INSERT INTO content_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, [
      key,
      JSON.stringify(value),
    ]);
  }
  await client.batch(s, "write");
}

/** Salary ids: readable and stable while the entry keeps its company, role, level or posting, and locations. */
function writeSalaries(add: (sql: string, args?: Array<string | number | null>) => void, salaries: Salaries) {
  add(`DELETE FROM salary_entry_locations`);
  add(`DELETE FROM salaries`);
  add(`DELETE FROM company_levels`);
  add(`DELETE FROM salary_locations`);
  salaries.locations.forEach((l, i) =>
    add(`INSERT INTO salary_locations (slug, position, name, country, currency) VALUES (?, ?, ?, ?, ?)`, [l.slug, i + 1, l.name, l.country, l.currency]),
  );
  const ids = new Set<string>();
  let position = 0;
  const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  const insert = (stem: string, row: SalaryRow, locations: string[]) => {
    let id = stem;
    for (let n = 2; ids.has(id); n++) id = `${stem}.${n}`;
    ids.add(id);
    add(
      `INSERT INTO salaries (id, position, company_slug, role, company_level, level, level_rank, currency, basis, figures, details,
         sample_size, note, source_name, source_url, as_of) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        id,
        ++position,
        row.company,
        row.role,
        row.companyLevel,
        row.level,
        row.level === null ? null : commonLevels.indexOf(row.level as (typeof commonLevels)[number]),
        row.currency,
        row.basis,
        JSON.stringify(row.figures),
        JSON.stringify(row.details),
        row.sampleSize,
        row.note?.trim() ?? null,
        row.source.name,
        row.source.url,
        row.asOf,
      ],
    );
    locations.forEach((l, i) => add(`INSERT INTO salary_entry_locations (salary_id, location_slug, position) VALUES (?, ?, ?)`, [id, l, i]));
  };
  for (const file of salaries.companies) {
    const levels = new Map(file.ladder.map((step) => [step.companyLevel, step.level]));
    file.ladder.forEach((step, i) =>
      add(`INSERT INTO company_levels (company_slug, company_level, position, title, level) VALUES (?, ?, ?, ?, ?)`, [
        file.company,
        step.companyLevel,
        i + 1,
        step.title,
        step.level,
      ]),
    );
    for (const e of file.entries) {
      const companyLevel = e.companyLevel ?? null;
      // A level on the common scale only where the company's own ladder names this exact level.
      const level = companyLevel === null ? null : (levels.get(companyLevel) ?? null);
      if (e.basis === "posted-range") {
        insert(
          [file.company, e.role, "posted", e.locations[0]].join("."),
          {
            company: file.company,
            role: e.role,
            companyLevel,
            level,
            currency: e.currency,
            basis: e.basis,
            figures: { base: { median: null, ...e.base }, stock: null, bonus: null, total: null },
            details: { title: e.title, postedLocations: e.postedLocations, stated: e.stated, includes: e.includes, flags: e.flags, archive: e.archive ?? null },
            sampleSize: null,
            note: e.note ?? null,
            source: e.source,
            asOf: e.asOf,
          },
          e.locations,
        );
      } else {
        const figure = (f: PayFigure | undefined) => (f ? { ...f, lowUnit: "year", highUnit: "year" } : null);
        insert(
          [file.company, e.role, slug(e.companyLevel), e.locations[0]].join("."),
          {
            company: file.company,
            role: e.role,
            companyLevel,
            level,
            currency: e.currency,
            basis: e.basis,
            figures: { base: figure(e.base), stock: figure(e.stock), bonus: figure(e.bonus), total: figure(e.total) },
            details: { includes: e.total ? "total" : e.bonus ? "base-and-bonus" : "base", flags: [] },
            sampleSize: e.sampleSize ?? null,
            note: e.note ?? null,
            source: e.source,
            asOf: e.asOf,
          },
          e.locations,
        );
      }
    }
  }
  for (const m of salaries.market) {
    insert(
      ["market", m.role, m.soc, m.location].join("."),
      {
        company: null,
        role: m.role,
        companyLevel: null,
        level: null,
        currency: m.currency,
        basis: "market",
        figures: { base: null, stock: null, bonus: null, total: null },
        details: {
          title: m.occupation,
          soc: m.soc,
          area: m.area,
          wages: m.wages,
          includes: "total",
          flags: m.transcription ? [`transcribed from ${m.transcription.repo} (${m.transcription.path}), not read from an official BLS file`] : [],
          archive: m.archive ?? (m.transcription ? { repo: m.transcription.repo, path: m.transcription.path, commit: m.transcription.commit } : null),
        },
        sampleSize: null,
        note: m.note ?? null,
        source: m.source,
        asOf: m.asOf,
      },
      [m.location],
    );
  }
}

interface SalaryRow {
  company: string | null;
  role: string;
  companyLevel: string | null;
  level: string | null;
  currency: string;
  basis: string;
  figures: unknown;
  details: unknown;
  sampleSize: number | null;
  note: string | null;
  source: { name: string; url: string };
  asOf: string;
}

function trimInterview(interview: InterviewProcess): InterviewProcess {
  return {
    overview: interview.overview.trim(),
    rounds: interview.rounds.map((r) => ({ name: r.name.trim(), whatItTests: r.whatItTests.trim() })),
    tips: interview.tips.map((t) => t.trim()),
  };
}

export async function storedContentHash(client: Client): Promise<string | null> {
  const rs = await client.execute({ sql: `SELECT value FROM content_meta WHERE key = 'seed-hash'`, args: [] });
  const value = rs.rows[0]?.value;
  return typeof value === "string" ? (JSON.parse(value) as string) : null;
}

async function storedSignature(client: Client): Promise<{ signature: string; hash: string } | null> {
  const rs = await client.execute({ sql: `SELECT value FROM content_meta WHERE key = 'seed-signature'`, args: [] });
  const value = rs.rows[0]?.value;
  return typeof value === "string" ? (JSON.parse(value) as { signature: string; hash: string }) : null;
}

async function storeSignature(client: Client, signature: string, hash: string) {
  await client.execute({
    sql: `INSERT INTO content_meta (key, value) VALUES ('seed-signature', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
    args: [JSON.stringify({ signature, hash })],
  });
}

/** Loads seed/ unless the database already holds exactly this content. Returns whether it loaded. */
export async function seedIfChanged(client: Client, seedDir = defaultSeedDir()): Promise<{ loaded: boolean; questions: number }> {
  const unchanged = async () => {
    const rs = await client.execute("SELECT count(*) AS n FROM questions");
    return { loaded: false, questions: Number(rs.rows[0]?.n ?? 0) };
  };
  // Taken before anything is read, so a file changed meanwhile makes the next start look again.
  const signature = await contentSignature(seedDir);
  const stored = await storedContentHash(client);
  const known = await storedSignature(client);
  // The signature vouches only for the hash it was stored with: content loaded by other means
  // (npm run db:seed from another folder) has another hash, and is checked in full.
  if (stored !== null && known?.signature === signature && known.hash === stored) return unchanged();
  const hash = await hashContent(seedDir);
  if (stored === hash) {
    await storeSignature(client, signature, hash);
    return unchanged();
  }
  const content = await readContent(seedDir);
  await writeContent(client, content);
  await storeSignature(client, signature, content.hash);
  return { loaded: true, questions: content.questions.length };
}
