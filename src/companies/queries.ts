import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { findSummaries } from "../questions/queries.js";
import type { Company, InterviewProcess } from "./schemas.js";

interface CompanyRow {
  slug: string;
  name: string;
  summary: string;
  focus_areas: string;
  interview: string | null;
  question_count: number;
}

const toCompany = (r: CompanyRow, publicUrl: string): Company => ({
  slug: r.slug,
  name: r.name,
  summary: r.summary,
  focusAreas: JSON.parse(r.focus_areas) as string[],
  questionCount: r.question_count,
  interview: r.interview === null ? null : (JSON.parse(r.interview) as InterviewProcess),
  links: { salaries: `${publicUrl}/v1/salaries?company=${encodeURIComponent(r.slug)}` },
});

const selectCompanies = sql`
  SELECT co.slug, co.name, co.summary, co.focus_areas, co.interview,
    (SELECT count(*) FROM question_companies qc WHERE qc.company_slug = co.slug) AS question_count
  FROM companies co`;

export async function listCompanies(db: Database, publicUrl: string): Promise<Company[]> {
  return (await db.all<CompanyRow>(sql`${selectCompanies} ORDER BY co.position, co.slug`)).map((r) => toCompany(r, publicUrl));
}

export async function findCompanyWithQuestions(db: Database, slug: string, publicUrl: string) {
  const [row] = await db.all<CompanyRow>(sql`${selectCompanies} WHERE co.slug = ${slug}`);
  if (!row) return null;
  const ids = await db.all<{ id: number }>(sql`SELECT question_id AS id FROM question_companies WHERE company_slug = ${slug} ORDER BY question_id`);
  return {
    ...toCompany(row, publicUrl),
    questions: await findSummaries(
      db,
      ids.map((r) => r.id),
    ),
  };
}
