import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Client, InStatement } from "@libsql/client";
import type { InterviewProcess } from "../companies/schemas.js";
import { difficulties } from "../questions/schemas.js";
import { commonLevels, type PayFigure } from "../salaries/schemas.js";
import { type Content, contentSignature, defaultSeedDir, hashContent, RENDERER_VERSION, readContent, type Salaries } from "./read.js";

// Writes loaded content into the database, and loads seed/ on start when it changed.

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
  const add = (sql: string, args: Array<string | number | null> = []) => {
    s.push({ sql, args });
  };

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
    for (const [i, t] of q.tags.entries()) add(`INSERT INTO question_tags (question_id, tag_slug, position) VALUES (?, ?, ?)`, [q.id, t, i]);
    for (const [i, c] of q.companies.entries()) {
      add(`INSERT INTO question_companies (question_id, company_slug, position, evidence) VALUES (?, ?, ?, ?)`, [
        q.id,
        c,
        i,
        JSON.stringify(q.evidence[c] ?? []),
      ]);
    }
    for (const [i, e] of q.codeExamples.entries()) {
      add(`INSERT INTO code_examples (question_id, position, language, caption, code, html, tested, runtime) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, [
        q.id,
        i,
        e.language,
        e.caption,
        e.code,
        e.html,
        e.run ? 1 : 0,
        e.runtime,
      ]);
    }
  }
  for (const [id, relatedIds] of content.related) {
    for (const [i, r] of relatedIds.entries()) add(`INSERT INTO related_questions (question_id, related_id, position) VALUES (?, ?, ?)`, [id, r, i]);
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
    for (const [i, t] of phase.tasks.entries()) {
      add(`INSERT INTO prep_tasks (phase_position, position, title, category_slug) VALUES (?, ?, ?, ?)`, [p + 1, i + 1, t.title, t.category]);
    }
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
    renderer: RENDERER_VERSION,
    synonyms: content.synonyms,
  };
  for (const [key, value] of Object.entries(meta)) {
    add(`INSERT INTO content_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, [key, JSON.stringify(value)]);
  }
  await client.batch(s, "write");
}

/** Salary ids: readable and stable while the entry keeps its company, role, level or posting, and locations. */
function writeSalaries(add: (sql: string, args?: Array<string | number | null>) => void, salaries: Salaries) {
  add(`DELETE FROM salary_entry_locations`);
  add(`DELETE FROM salaries`);
  add(`DELETE FROM company_levels`);
  add(`DELETE FROM salary_locations`);
  for (const [i, l] of salaries.locations.entries()) {
    add(`INSERT INTO salary_locations (slug, position, name, country, currency) VALUES (?, ?, ?, ?, ?)`, [
      l.slug,
      i + 1,
      l.name,
      l.country,
      l.currency,
    ]);
  }
  const ids = new Set<string>();
  let position = 0;
  const slug = (text: string) =>
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "");
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
    for (const [i, l] of locations.entries())
      add(`INSERT INTO salary_entry_locations (salary_id, location_slug, position) VALUES (?, ?, ?)`, [id, l, i]);
  };
  for (const file of salaries.companies) {
    const levels = new Map(file.ladder.map((step) => [step.companyLevel, step.level]));
    for (const [i, step] of file.ladder.entries()) {
      add(`INSERT INTO company_levels (company_slug, company_level, position, title, level) VALUES (?, ?, ?, ?, ?)`, [
        file.company,
        step.companyLevel,
        i + 1,
        step.title,
        step.level,
      ]);
    }
    for (const e of file.entries) {
      const companyLevel = e.companyLevel ?? null;
      // A level on the common scale only where the company's own ladder names this exact level.
      const level = companyLevel === null ? null : (levels.get(companyLevel) ?? null);
      // What every kind of entry carries; each kind adds its figures and details.
      const row = {
        company: file.company,
        role: e.role,
        companyLevel,
        level,
        currency: e.currency,
        basis: e.basis,
        note: e.note ?? null,
        source: e.source,
        asOf: e.asOf,
      };
      if (e.basis === "posted-range") {
        insert(
          [file.company, e.role, "posted", e.locations[0]].join("."),
          {
            ...row,
            figures: { base: { median: null, ...e.base }, stock: null, bonus: null, total: null },
            details: {
              title: e.title,
              postedLocations: e.postedLocations,
              stated: e.stated,
              includes: e.includes,
              flags: e.flags,
              archive: e.archive ?? null,
            },
            sampleSize: null,
          },
          e.locations,
        );
      } else {
        const figure = (f: PayFigure | undefined) => (f ? { ...f, lowUnit: "year", highUnit: "year" } : null);
        insert(
          [file.company, e.role, slug(e.companyLevel), e.locations[0]].join("."),
          {
            ...row,
            figures: { base: figure(e.base), stock: figure(e.stock), bonus: figure(e.bonus), total: figure(e.total) },
            details: { includes: e.total ? "total" : e.bonus ? "base-and-bonus" : "base", flags: [] },
            sampleSize: e.sampleSize ?? null,
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
  // Rendered answers are reused from the database and from the render cache file of this checkout
  // (a first start on a new database renders nothing that an earlier start rendered).
  const cacheFile = renderCacheFile(seedDir);
  const previous = new Map([...(await readRenderCache(cacheFile)), ...(await storedRenders(client))]);
  const renders = { previous, current: new Map<string, string>() };
  const content = await readContent(seedDir, renders);
  await writeContent(client, content);
  await storeSignature(client, signature, content.hash);
  await writeRenderCache(cacheFile, renders.current);
  return { loaded: true, questions: content.questions.length };
}

/** The answers' HTML as the database holds it, by Markdown, when this loader version rendered it. */
export async function storedRenders(client: Client): Promise<Map<string, string>> {
  const renders = new Map<string, string>();
  try {
    const meta = await client.execute("SELECT value FROM content_meta WHERE key = 'renderer'");
    if (meta.rows[0]?.value !== JSON.stringify(RENDERER_VERSION)) return renders;
    const rs = await client.execute("SELECT answer_markdown, answer_html FROM questions");
    for (const row of rs.rows) renders.set(String(row.answer_markdown), String(row.answer_html));
  } catch {
    // No content yet (or an older schema): everything is rendered.
  }
  return renders;
}

/** Where a checkout keeps rendered answers between starts: beside the build output, never in seed/. */
export function renderCacheFile(seedDir: string): string {
  return path.join(path.dirname(path.resolve(seedDir)), "dist", "cache", "rendered-answers.json");
}

async function readRenderCache(file: string): Promise<Map<string, string>> {
  try {
    const stored = JSON.parse(await readFile(file, "utf8")) as { renderer?: unknown; answers?: unknown };
    if (stored.renderer !== RENDERER_VERSION || !Array.isArray(stored.answers)) return new Map();
    return new Map(stored.answers.filter((a): a is [string, string] => Array.isArray(a) && typeof a[0] === "string" && typeof a[1] === "string"));
  } catch {
    return new Map(); // none yet, or unreadable: everything is rendered
  }
}

/** Keeps this load's answers (only these: the file never outgrows the content), written atomically. */
async function writeRenderCache(file: string, answers: Map<string, string>): Promise<void> {
  try {
    await mkdir(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify({ renderer: RENDERER_VERSION, answers: [...answers] }));
    await rename(temporary, file);
  } catch {
    // A read-only checkout: the next start renders again, nothing else changes.
  }
}
