import { type SQL, sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { commonLevels, type PayFigure, type Salary, type SalarySummary, salaryRoles } from "./schemas.js";

export interface SalaryFilters {
  company?: string[];
  role?: string[];
  level?: string[];
  companyLevel?: string[];
  location?: string[];
}

interface SalaryRow {
  id: string;
  company_slug: string;
  company_name: string;
  role: string;
  level: string;
  company_level: string;
  company_level_title: string;
  location_slug: string;
  location_name: string;
  country: string;
  currency: string;
  basis: string;
  figures: string;
  sample_size: number | null;
  note: string | null;
  source_name: string;
  source_url: string;
  as_of: string;
}

const inList = (column: SQL, values: string[] | undefined) =>
  values?.length ? sql`${column} IN (${sql.join(values.map((v) => sql`${v}`), sql`, `)})` : undefined;

/** Every entry matching the filters (each a list of accepted values, combined with AND), in a stable order. */
export async function findSalaries(db: Database, filters: SalaryFilters): Promise<Salary[]> {
  const conditions = [
    inList(sql`s.company_slug`, filters.company),
    inList(sql`s.role`, filters.role),
    inList(sql`s.level`, filters.level),
    inList(sql`s.company_level`, filters.companyLevel),
    inList(sql`s.location_slug`, filters.location),
  ].filter((c) => c !== undefined);
  const where = conditions.length ? sql`WHERE ${sql.join(conditions, sql` AND `)}` : sql``;
  const rows = await db.all<SalaryRow>(sql`
    SELECT s.id, s.company_slug, co.name AS company_name, s.role, s.level, s.company_level, cl.title AS company_level_title,
      s.location_slug, lo.name AS location_name, lo.country, s.currency, s.basis, s.figures, s.sample_size, s.note,
      s.source_name, s.source_url, s.as_of
    FROM salaries s
    JOIN companies co ON co.slug = s.company_slug
    JOIN company_levels cl ON cl.company_slug = s.company_slug AND cl.company_level = s.company_level
    JOIN salary_locations lo ON lo.slug = s.location_slug
    ${where}
    ORDER BY s.level_rank, co.position, co.slug, cl.position, s.role, lo.position, s.position`);
  return rows.map((r) => {
    const figures = JSON.parse(r.figures) as Record<"base" | "stock" | "bonus" | "total", PayFigure | null>;
    return {
      id: r.id,
      company: { slug: r.company_slug, name: r.company_name },
      role: r.role as Salary["role"],
      level: r.level as Salary["level"],
      companyLevel: r.company_level,
      companyLevelTitle: r.company_level_title,
      location: { slug: r.location_slug, name: r.location_name, country: r.country },
      currency: r.currency,
      basis: r.basis as Salary["basis"],
      base: figures.base,
      stock: figures.stock,
      bonus: figures.bonus,
      total: figures.total,
      sampleSize: r.sample_size,
      note: r.note,
      source: { name: r.source_name, url: r.source_url },
      asOf: r.as_of,
    };
  });
}

/** The values each filter accepts: companies that have salary data, the roles and levels, the ladders' levels, the locations. */
export async function salaryVocabulary(db: Database): Promise<Record<keyof SalaryFilters, string[]>> {
  const [companies, companyLevels, locations] = await Promise.all([
    db.all<{ slug: string }>(sql`SELECT slug FROM companies ORDER BY slug`),
    db.all<{ company_level: string }>(sql`SELECT DISTINCT company_level FROM company_levels ORDER BY company_level`),
    db.all<{ slug: string }>(sql`SELECT slug FROM salary_locations ORDER BY position`),
  ]);
  return {
    company: companies.map((r) => r.slug),
    role: [...salaryRoles],
    level: [...commonLevels],
    companyLevel: companyLevels.map((r) => r.company_level),
    location: locations.map((r) => r.slug),
  };
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : Math.round(((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2);
};

function envelope(figures: Array<PayFigure | null>) {
  const given = figures.filter((f) => f !== null);
  if (given.length === 0) return null;
  const medians = given.map((f) => f.median);
  return {
    low: Math.min(...given.map((f) => f.low)),
    median: medians.every((m) => m !== null) ? median(medians as number[]) : null,
    high: Math.max(...given.map((f) => f.high)),
  };
}

/**
 * One row per company, role, common level and location: the span of the entries' figures, how
 * many there are, their dates and sources. Entries arrive sorted, so the groups do too.
 */
export function summarize(salaries: Salary[]): SalarySummary[] {
  const groups = new Map<string, Salary[]>();
  for (const s of salaries) {
    const key = [s.level, s.company.slug, s.role, s.location.slug, s.currency].join("\0");
    const group = groups.get(key);
    if (group) group.push(s);
    else groups.set(key, [s]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0] as Salary;
    const dates = group.map((s) => s.asOf).sort();
    const sources = new Map(group.map((s) => [s.source.url, s.source]));
    return {
      company: first.company,
      role: first.role,
      level: first.level,
      companyLevels: [...new Set(group.map((s) => s.companyLevel))],
      location: first.location,
      currency: first.currency,
      entries: group.length,
      base: envelope(group.map((s) => s.base)),
      stock: envelope(group.map((s) => s.stock)),
      bonus: envelope(group.map((s) => s.bonus)),
      total: envelope(group.map((s) => s.total)),
      asOf: { oldest: dates[0] as string, newest: dates[dates.length - 1] as string },
      sources: [...sources.values()],
      salaries: group.map((s) => s.id),
    };
  });
}
