import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { z } from "zod";
import { PROJECT_ROOT } from "../paths.js";
import type { difficulties } from "../questions/schemas.js";
import { type SynonymGroups, synonymGroupsSchema } from "../search/synonyms.js";

// Rendering and parsing (src/content/tools.ts) are loaded only when content is read, so a server
// restarting on unchanged content does not pay for them.
const tools = () => import("./tools.js");

import { commonLevels } from "../salaries/schemas.js";
import {
  type CodeExampleFile,
  categoryFileSchema,
  companyFileSchema,
  type evidenceFileSchema,
  type inspiredByFileSchema,
  marketFileSchema,
  prepPlanFileSchema,
  questionFrontMatterSchema,
  resourcesFileSchema,
  roleRulesFileSchema,
  salaryFileSchema,
  salaryLocationFileSchema,
  tagFileSchema,
} from "./schemas.js";

// The content folder: this one, unless SEED_DIR points elsewhere (to preview another checkout's content).
// Read when called, not when this module loads: the start-up snapshot evaluates modules ahead of time.
export function defaultSeedDir(): string {
  return process.env.SEED_DIR ? path.resolve(process.env.SEED_DIR) : path.join(PROJECT_ROOT, "seed");
}

// Bump when the loader's output changes for the same files (rendering, related questions…),
// so the next start reloads even though seed/ did not change.
const LOADER_VERSION = 6;

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
  /** The code highlighted (highlight.js classes), escaped. */
  html: string;
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
  /** seed/synonyms.yaml: what a search query also finds (src/search/synonyms.ts). */
  synonyms: SynonymGroups;
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

/**
 * Rendered answers by their Markdown: an answer is rendered once per load however many questions
 * share it, and not at all when the database already holds its HTML from this loader version
 * (`previous`): a reload renders only what changed. Kept for one load at a time.
 */
export interface RenderCache {
  /** Markdown → HTML from the last load, when it was rendered by this loader version. */
  previous: Map<string, string>;
  /** What this load rendered or reused. */
  current: Map<string, string>;
}

function renderOnce(markdown: string, cache: RenderCache | undefined, renderMarkdown: (source: string) => string): string {
  let html = cache?.current.get(markdown) ?? cache?.previous.get(markdown);
  if (html === undefined) html = renderMarkdown(markdown);
  cache?.current.set(markdown, html);
  return html;
}

/** The loader version rendered HTML depends on: stored with the content, compared before reusing it. */
export const RENDERER_VERSION = `loader:${LOADER_VERSION}`;

export async function readQuestion(file: string, category: CategoryFile, seedDir: string, renders?: RenderCache): Promise<LoadedQuestion> {
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
  let html: string;
  try {
    html = renderOnce(markdown, renders, render.renderMarkdown);
  } catch (err) {
    if (err instanceof render.MathError) throw new ContentError(label, "answer", err.message);
    throw err;
  }
  const [leak] = render.untypesetMath(html);
  if (leak !== undefined) throw new ContentError(label, "answer", `has math that was not typeset, near "${leak}"`);
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
    const source = `${code.trimEnd()}\n`;
    codeExamples.push({
      ...example,
      language,
      code: source,
      html: render.highlightCode(source, language),
      path: examplePath,
      runtime: exampleRuntime(language, code),
    });
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
    html,
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
      if (!companySlugs.has(c))
        errors.push(new ContentError(q.file, `companies.${i}`, `unknown company ${c}; known: ${[...companySlugs].join(", ")}`));
    });
    q.tags.forEach((t, i) => {
      if (!tagSlugs.has(t)) errors.push(new ContentError(q.file, `tags.${i}`, `${t} is not in seed/tags.yaml`));
    });
    errors.push(
      ...duplicates(
        q.tags,
        (t) => t,
        "tags",
        () => q.file,
      ),
      ...duplicates(
        q.companies,
        (c) => c,
        "companies",
        () => q.file,
      ),
    );
  }
  errors.push(
    ...duplicates(
      questions,
      (q) => q.id,
      "id",
      (q) => q.file,
    ),
    ...duplicates(
      questions,
      (q) => q.slug,
      "slug",
      (q) => q.file,
    ),
    ...duplicates(
      questions,
      (q) => q.title.toLowerCase(),
      "title",
      (q) => q.file,
    ),
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
  // Only a link (100), a link back (20) or a shared tag (10 each) reaches the threshold of 10: the
  // category (4) and companies (at most 2) only order those. So the candidates come from indexes
  // by tag and by link target, not from every pair (quadratic: 3.4 s at 2,664 questions).
  const byTag = new Map<string, LoadedQuestion[]>();
  const linkingTo = new Map<string, LoadedQuestion[]>();
  const push = (map: Map<string, LoadedQuestion[]>, key: string, q: LoadedQuestion) => {
    const list = map.get(key);
    if (list) list.push(q);
    else map.set(key, [q]);
  };
  for (const q of questions) {
    for (const t of new Set(q.tags)) push(byTag, t, q);
    for (const s of new Set(q.links)) push(linkingTo, s, q);
  }
  const related = new Map<number, number[]>();
  for (const q of questions) {
    const linked = new Set(q.links.map((s) => bySlug.get(s)?.id).filter((id): id is number => id !== undefined));
    const candidates = new Set<LoadedQuestion>(linkingTo.get(q.slug));
    for (const s of q.links) {
      const target = bySlug.get(s);
      if (target) candidates.add(target);
    }
    for (const t of q.tags) for (const other of byTag.get(t) ?? []) candidates.add(other);
    candidates.delete(q);
    const scored = [...candidates]
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
  // Optional, so a seed directory of only a few questions (tests) needs none.
  const synonyms = existsSync(path.join(seedDir, "synonyms.yaml")) ? await readYaml(seedDir, "synonyms.yaml", synonymGroupsSchema) : [];
  checkUnique(
    categories,
    (c) => c.slug,
    "slug",
    () => "seed/categories.yaml",
  );
  checkUnique(
    tags,
    (t) => t.slug,
    "slug",
    () => "seed/tags.yaml",
  );
  checkUnique(
    resources.resources,
    (r) => r.slug,
    "slug",
    () => "seed/resources.yaml",
  );

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
    synonyms,
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
  checkUnique(
    locations,
    (l) => l.slug,
    "slug",
    () => "seed/salaries/locations.yaml",
  );
  const roleRules = await readYaml(seedDir, "salaries/roles.yaml", roleRulesFileSchema);
  const market = await readYaml(seedDir, "salaries/market.yaml", marketFileSchema);
  const byLocation = new Map(locations.map((l) => [l.slug, l]));
  const checkLocations = (label: string, field: string, slugs: string[], currency: string) => {
    for (const [j, slug] of slugs.entries()) {
      const location = byLocation.get(slug);
      if (!location) throw new ContentError(label, `${field}.${j}`, `unknown location ${slug}; known: ${[...byLocation.keys()].join(", ")}`);
      if (location.currency !== currency)
        throw new ContentError(label, `${field}.${j}`, `figures for ${slug} are in ${location.currency}, not ${currency}`);
    }
  };
  for (const [i, row] of market.entries.entries()) checkLocations("seed/salaries/market.yaml", `entries.${i}.location`, [row.location], row.currency);
  const files: Salaries["companies"] = [];
  for (const file of await listFiles(path.join(seedDir, "salaries"))) {
    if (!file.endsWith(".yaml") || ["locations.yaml", "roles.yaml", "market.yaml"].includes(path.basename(file))) continue;
    const label = relative(file, seedDir);
    const data = await readYaml(seedDir, path.relative(seedDir, file), salaryFileSchema);
    if (`${data.company}.yaml` !== path.basename(file))
      throw new ContentError(label, "company", `must be ${path.basename(file, ".yaml")}, the file's name`);
    if (!companySlugs.has(data.company)) throw new ContentError(label, "company", `no seed/companies/${data.company}.yaml`);
    checkUnique(
      data.ladder,
      (step) => step.companyLevel,
      "companyLevel",
      () => label,
    );
    for (const [i, step] of data.ladder.entries()) {
      const previous = data.ladder[i - 1];
      if (previous && commonLevels.indexOf(step.level) < commonLevels.indexOf(previous.level)) {
        throw new ContentError(
          label,
          `ladder.${i}.level`,
          `${step.level} is below the step before it (${previous.level}): list the ladder lowest first`,
        );
      }
    }
    for (const [i, entry] of data.entries.entries()) {
      checkUnique(
        entry.locations,
        (l) => l,
        `entries.${i}.locations`,
        () => label,
      );
      checkLocations(label, `entries.${i}.locations`, entry.locations, entry.currency);
      if (entry.basis === "posted-range") {
        const role = roleForTitle(roleRules, entry.title);
        if (role !== entry.role) {
          throw new ContentError(
            label,
            `entries.${i}.role`,
            `the rules in seed/salaries/roles.yaml make '${entry.title}' ${role ?? "no ML role"}, not ${entry.role}`,
          );
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
export async function readContent(seedDir = defaultSeedDir(), renders: RenderCache = { previous: new Map(), current: new Map() }): Promise<Content> {
  const { categories, tags, companies, prepPlan, resources, salaries, synonyms, companySlugs, tagSlugs } = await readBase(seedDir);
  const questions: LoadedQuestion[] = [];
  // Sixteen files at a time: reading them one after another waits on the disk for each.
  const files = await listQuestionFiles(seedDir, categories);
  for (let i = 0; i < files.length; i += 16) {
    questions.push(...(await Promise.all(files.slice(i, i + 16).map(([file, category]) => readQuestion(file, category, seedDir, renders)))));
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
    synonyms,
  };
}
