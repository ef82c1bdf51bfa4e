import { type SQL, sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { commonLevels, type Salary, type SalarySummary, type ServedFigure, salaryBases, salaryRoles } from "./schemas.js";

export interface SalaryFilters {
  company?: string[];
  role?: string[];
  level?: string[];
  companyLevel?: string[];
  location?: string[];
  basis?: string[];
  /** Entries dated before this (YYYY-MM-DD) are left out; market rows are official statistics and always kept. */
  since?: string;
}

interface SalaryRow {
  id: string;
  company_slug: string | null;
  company_name: string | null;
  role: string;
  level: string | null;
  company_level: string | null;
  company_level_title: string | null;
  locations: string;
  currency: string;
  basis: string;
  figures: string;
  details: string;
  sample_size: number | null;
  note: string | null;
  source_name: string;
  source_url: string;
  as_of: string;
}

interface Details {
  title?: string;
  postedLocations?: string[];
  stated?: string;
  includes?: Salary["includes"];
  flags?: string[];
  archive?: { repo: string; path: string; commit: string } | null;
  wages?: Salary["wages"];
  area?: string;
}

/** Twenty-four months before today (UTC): postings older than that are not served by default. */
export function defaultSince(now: Date): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 24, now.getUTCDate()));
  return d.toISOString().slice(0, 10);
}

const inList = (column: SQL, values: string[] | undefined) =>
  values?.length
    ? sql`${column} IN (${sql.join(
        values.map((v) => sql`${v}`),
        sql`, `,
      )})`
    : undefined;

/** The locations a filter matches: a national US band covers every US metro, so it comes along with them. */
export async function expandLocations(db: Database, locations: string[]): Promise<string[]> {
  const rows = await db.all<{ slug: string }>(sql`
    SELECT slug FROM salary_locations WHERE country = 'US' AND slug <> 'united-states' AND ${inList(sql`slug`, locations)}`);
  return rows.length > 0 && !locations.includes("united-states") ? [...locations, "united-states"] : locations;
}

/** Every entry matching the filters (each a list of accepted values, combined with AND), in a stable order. */
export async function findSalaries(db: Database, filters: SalaryFilters): Promise<Salary[]> {
  const conditions = [
    // Market rows have no company: a company filter narrows the employers, not the market context.
    filters.company?.length ? sql`(s.company_slug IS NULL OR ${inList(sql`s.company_slug`, filters.company)})` : undefined,
    // Market rows are context for every role: the role filter narrows the employers' entries.
    filters.role?.length ? sql`(s.company_slug IS NULL OR ${inList(sql`s.role`, filters.role)})` : undefined,
    inList(sql`s.level`, filters.level),
    inList(sql`s.company_level`, filters.companyLevel),
    inList(sql`s.basis`, filters.basis),
    filters.location?.length
      ? sql`EXISTS (SELECT 1 FROM salary_entry_locations el WHERE el.salary_id = s.id AND ${inList(sql`el.location_slug`, filters.location)})`
      : undefined,
    filters.since ? sql`(s.basis = 'market' OR s.as_of >= ${filters.since})` : undefined,
  ].filter((c) => c !== undefined);
  const where = conditions.length ? sql`WHERE ${sql.join(conditions, sql` AND `)}` : sql``;
  const rows = await db.all<SalaryRow>(sql`
    SELECT s.id, s.company_slug, co.name AS company_name, s.role, s.level, s.company_level, cl.title AS company_level_title,
      (SELECT json_group_array(json_object('slug', lo.slug, 'name', lo.name, 'country', lo.country)) FROM (
         SELECT lo.slug, lo.name, lo.country FROM salary_entry_locations el JOIN salary_locations lo ON lo.slug = el.location_slug
         WHERE el.salary_id = s.id ORDER BY el.position) AS lo) AS locations,
      s.currency, s.basis, s.figures, s.details, s.sample_size, s.note, s.source_name, s.source_url, s.as_of
    FROM salaries s
    LEFT JOIN companies co ON co.slug = s.company_slug
    LEFT JOIN company_levels cl ON cl.company_slug = s.company_slug AND cl.company_level = s.company_level
    ${where}
    ORDER BY s.company_slug IS NULL, s.level_rank IS NULL, s.level_rank, co.position, co.slug, cl.position, s.role, s.position`);
  return rows.map((r) => {
    const figures = JSON.parse(r.figures) as Record<"base" | "stock" | "bonus" | "total", ServedFigure | null>;
    const details = JSON.parse(r.details) as Details;
    const includes = details.includes ?? "base";
    return {
      id: r.id,
      basis: r.basis as Salary["basis"],
      company: r.company_slug === null ? null : { slug: r.company_slug, name: r.company_name ?? r.company_slug },
      role: r.role as Salary["role"],
      title: details.title ?? null,
      level: r.level as Salary["level"],
      companyLevel: r.company_level,
      companyLevelTitle: r.company_level_title,
      locations: JSON.parse(r.locations) as Salary["locations"],
      postedLocations: details.postedLocations ?? (details.area ? [details.area] : null),
      currency: r.currency,
      base: figures.base,
      stock: figures.stock,
      bonus: figures.bonus,
      total: figures.total,
      wages: details.wages ?? null,
      includes,
      excludesEquity: r.basis !== "market" && includes !== "total",
      stated: details.stated ?? null,
      flags: details.flags ?? [],
      sampleSize: r.sample_size,
      note: r.note,
      source: { name: r.source_name, url: r.source_url },
      archive: details.archive
        ? { ...details.archive, url: `https://github.com/${details.archive.repo}/blob/${details.archive.commit}/${details.archive.path}` }
        : null,
      asOf: r.as_of,
    };
  });
}

/** The values each filter accepts: companies, the roles and levels, the ladders' and postings' levels, the locations, the bases. */
export async function salaryVocabulary(db: Database): Promise<Record<Exclude<keyof SalaryFilters, "since">, string[]>> {
  const [companies, companyLevels, locations] = await Promise.all([
    db.all<{ slug: string }>(sql`SELECT slug FROM companies ORDER BY slug`),
    db.all<{ company_level: string }>(sql`
      SELECT company_level FROM company_levels UNION SELECT company_level FROM salaries WHERE company_level IS NOT NULL ORDER BY company_level`),
    db.all<{ slug: string }>(sql`SELECT slug FROM salary_locations ORDER BY position`),
  ]);
  return {
    company: companies.map((r) => r.slug),
    role: [...salaryRoles],
    level: [...commonLevels],
    companyLevel: companyLevels.map((r) => r.company_level),
    location: locations.map((r) => r.slug),
    basis: [...salaryBases],
  };
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : Math.round(((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2);
};

/** The span of some figures: hourly low ends cannot be compared with yearly ones, so they are left out of `low`. */
function envelope(figures: Array<ServedFigure | null>) {
  const given = figures.filter((f) => f !== null);
  if (given.length === 0) return null;
  const yearlyLows = given.filter((f) => f.lowUnit === "year").map((f) => f.low);
  const yearly = given.filter((f) => f.lowUnit === "year" && f.highUnit === "year");
  const medians = given.map((f) => f.median);
  return {
    low: yearlyLows.length ? Math.min(...yearlyLows) : null,
    median: medians.every((m) => m !== null) ? median(medians as number[]) : null,
    high: Math.max(...given.filter((f) => f.highUnit === "year").map((f) => f.high)),
    midpoint: yearly.length ? median(yearly.map((f) => (f.low + f.high) / 2)) : null,
  };
}

/**
 * One row per company (or market), role, level and location: the span of the entries' figures,
 * how many there are, their dates and sources. A multi-city band counts in each of its locations
 * that the filter asked for (every one, without a location filter). Entries arrive sorted.
 */
export function summarize(salaries: Salary[], locationFilter?: string[]): SalarySummary[] {
  const groups = new Map<string, { location: Salary["locations"][number]; rows: Salary[] }>();
  for (const s of salaries) {
    for (const location of s.locations) {
      if (locationFilter?.length && !locationFilter.includes(location.slug)) continue;
      // Market rows stay one per official area: two metros (San Francisco, San Jose) may share a location.
      const market = s.basis === "market" ? `${s.title}\0${s.postedLocations?.[0] ?? ""}` : "";
      const key = [s.company?.slug ?? "~market", s.level ?? "~", s.role, market, location.slug, s.currency].join("\0");
      const group = groups.get(key);
      if (group) group.rows.push(s);
      else groups.set(key, { location, rows: [s] });
    }
  }
  return [...groups.values()].map(({ location, rows }) => {
    const first = rows[0] as Salary;
    const dates = rows.map((s) => s.asOf).sort();
    const sources = new Map(rows.map((s) => [s.source.url, s.source]));
    return {
      kind: first.company === null ? "market" : "company",
      company: first.company,
      role: first.role,
      occupation: first.basis === "market" ? first.title : null,
      area: first.basis === "market" ? (first.postedLocations?.[0] ?? null) : null,
      level: first.level,
      companyLevels: [...new Set(rows.map((s) => s.companyLevel).filter((l): l is string => l !== null))],
      location,
      currency: first.currency,
      entries: rows.length,
      bases: [...new Set(rows.map((s) => s.basis))],
      base: envelope(rows.map((s) => s.base)),
      stock: envelope(rows.map((s) => s.stock)),
      bonus: envelope(rows.map((s) => s.bonus)),
      total: envelope(rows.map((s) => s.total)),
      wages: first.basis === "market" ? first.wages : null,
      includes: [...new Set(rows.map((s) => s.includes))],
      excludesEquity: rows.some((s) => s.excludesEquity),
      asOf: { oldest: dates[0] as string, newest: dates[dates.length - 1] as string },
      sources: [...sources.values()],
      salaries: rows.map((s) => s.id),
    };
  });
}

/** What a reader must know to read the rows, in plain words, only the notes that apply. */
export function summaryNotes(rows: SalarySummary[], since: string, expanded: boolean): string[] {
  const notes: string[] = [];
  if (rows.some((r) => r.kind === "company" && r.excludesEquity)) {
    notes.push(
      "Posted ranges are base salary only: they leave out bonus and equity. Equity is a large part of pay at OpenAI and Anthropic (and at senior levels everywhere), so base understates their pay the most.",
    );
  }
  if (rows.some((r) => r.bases.includes("posted-range"))) {
    notes.push(
      "A posted range is the employer's hiring band for the posting, often spanning several levels and cities; a midpoint is the centre of such bands, not what people earn. Postings rarely name a level, and we never guess one (level null).",
    );
  }
  if (expanded)
    notes.push("National US bands (location united-states) apply to every US location, so they are listed beside the metro you asked for.");
  if (rows.some((r) => r.kind === "market")) {
    notes.push(
      "Market rows are official statistics (US BLS OEWS) for the whole occupation in the area, all employers and levels: context, not offers at these companies.",
    );
  }
  notes.push(`Entries dated before ${since} are left out; pass since=YYYY-MM-DD to include older ones.`);
  return notes;
}
