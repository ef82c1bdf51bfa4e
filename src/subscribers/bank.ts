import { sql } from "drizzle-orm";
import { listCategories } from "../categories/queries.js";
import { listCompanies } from "../companies/queries.js";
import type { Database } from "../db/client.js";
import { CODE_CSS, LIGHT_THEME, MATH_CSS } from "../embed/styles.js";
import { escapeHtml } from "../http/html.js";
import { pointAnswerLinks, pointMarkdownLinks, questionPageUrl } from "../questions/links.js";
import { defaultSince, findSalaries, summarize } from "../salaries/queries.js";
import type { Salary, SalarySummary } from "../salaries/schemas.js";

// The whole question bank as one document, for subscribers: grouped by category, with company tips.

interface BankQuestion {
  id: number;
  slug: string;
  title: string;
  category_slug: string;
  difficulty: string;
  answer_markdown: string;
  answer_html: string;
  companies: string;
  code: string;
}

async function loadBank(db: Database, now = new Date()) {
  const [categories, companies, salaries, questions] = await Promise.all([
    listCategories(db),
    listCompanies(db, ""),
    findSalaries(db, { since: defaultSince(now) }).then((entries) => summarize(entries)),
    db.all<BankQuestion>(sql`
      SELECT q.id, q.slug, q.title, q.category_slug, q.difficulty, q.answer_markdown, q.answer_html,
        (SELECT json_group_array(co.name) FROM question_companies qc JOIN companies co ON co.slug = qc.company_slug WHERE qc.question_id = q.id) AS companies,
        (SELECT json_group_array(json_object('language', language, 'caption', caption, 'code', code, 'html', html)) FROM (
           SELECT language, caption, code, html FROM code_examples WHERE question_id = q.id ORDER BY position)) AS code
      FROM questions q ORDER BY q.difficulty_rank, q.id`),
  ]);
  return { categories, companies, salaries, questions };
}

// --- compensation: one table per company (and one for the market), a row per role and location ---

const ROLE_NAMES: Record<Salary["role"], string> = {
  "machine-learning-engineer": "ML engineer",
  "research-scientist": "Research scientist",
  "research-engineer": "Research engineer",
  "applied-scientist": "Applied scientist",
  "data-scientist": "Data scientist",
  "software-engineer-ml": "Software engineer (ML)",
};

type Envelope = SalarySummary["base"];

/** "$141K–$202K (midpoint $170K)", or "—". */
export function formatPay(figure: Envelope, currency: string): string {
  if (!figure) return "—";
  const money = new Intl.NumberFormat("en-US", {
    style: "currency",
    currency,
    notation: "compact",
    minimumFractionDigits: 0,
    maximumFractionDigits: 1,
  });
  const low = figure.low === null ? "an hourly rate" : money.format(figure.low);
  const span = figure.low === figure.high ? money.format(figure.high) : `${low}–${money.format(figure.high)}`;
  const centre =
    figure.median !== null
      ? ` (median ${money.format(figure.median)})`
      : figure.midpoint !== null && figure.low !== figure.high
        ? ` (midpoint ${money.format(figure.midpoint)})`
        : "";
  return span + centre;
}

function formatWages(row: SalarySummary): string {
  if (!row.wages) return "—";
  const money = new Intl.NumberFormat("en-US", { style: "currency", currency: row.currency, notation: "compact", maximumFractionDigits: 1 });
  return `median ${money.format(row.wages.p50)}`;
}

const COMPENSATION_INTRO =
  "What ML roles pay, per year, from public data: employers' own posted pay ranges (base salary only: no bonus, no equity, which is most of pay at OpenAI and Anthropic) and official market statistics. Each row gives how many postings it spans, its sources and their dates. Postings rarely name a level, and we never guess one. Where there is no good public figure there is no row. The API serves the same data at /v1/salaries.";

function compensationGroups(rows: SalarySummary[]) {
  const groups = new Map<string, { name: string; rows: SalarySummary[] }>();
  for (const row of rows) {
    const key = row.company?.slug ?? "~market";
    const group = groups.get(key) ?? { name: row.company?.name ?? "Market (US BLS, all employers)", rows: [] };
    group.rows.push(row);
    groups.set(key, group);
  }
  return [...groups.entries()]
    .sort(([a, x], [b, y]) => (a === "~market" ? 1 : b === "~market" ? -1 : x.name.localeCompare(y.name)))
    .map(([, g]) => g);
}

const rowPay = (row: SalarySummary) => (row.kind === "market" ? formatWages(row) : formatPay(row.base, row.currency));
const rowWhat = (row: SalarySummary) => (row.kind === "market" ? (row.occupation ?? ROLE_NAMES[row.role]) : ROLE_NAMES[row.role]);
const rowSources = (row: SalarySummary) =>
  `${row.entries} (${row.asOf.oldest === row.asOf.newest ? row.asOf.oldest : `${row.asOf.oldest} to ${row.asOf.newest}`})`;

function compensationMarkdown(rows: SalarySummary[]): string[] {
  const out = ["## What ML roles pay {#compensation}", "", COMPENSATION_INTRO, ""];
  for (const group of compensationGroups(rows)) {
    out.push(`### ${group.name}`, "", "| Role | Location | Base (or market wage) | Entries (dates) | First source |", "|---|---|---|---|---|");
    for (const row of group.rows) {
      const source = row.sources[0];
      out.push(
        `| ${rowWhat(row)} | ${row.location.name} | ${rowPay(row)} | ${rowSources(row)} | ${source ? `[${source.name.replace(/\|/g, "/")}](${source.url})` : ""} |`,
      );
    }
    out.push("");
  }
  return out;
}

function compensationHtml(rows: SalarySummary[]): string {
  const tables = compensationGroups(rows).map(
    (group) =>
      `<h3>${escapeHtml(group.name)}</h3><table><thead><tr><th>Role</th><th>Location</th><th>Base (or market wage)</th><th>Entries (dates)</th><th>First source</th></tr></thead><tbody>${group.rows
        .map((row) => {
          const source = row.sources[0];
          return `<tr><td>${escapeHtml(rowWhat(row))}</td><td>${escapeHtml(row.location.name)}</td><td>${escapeHtml(rowPay(row))}</td><td>${escapeHtml(rowSources(row))}</td><td>${source ? `<a href="${escapeHtml(source.url)}">${escapeHtml(source.name)}</a>` : ""}</td></tr>`;
        })
        .join("")}</tbody></table>`,
  );
  return `<section id="compensation"><h2>What ML roles pay</h2><p>${escapeHtml(COMPENSATION_INTRO)}</p>${tables.join("")}</section>`;
}

type Code = Array<{ language: string; caption: string; code: string; html: string }>;

/** The bank as Markdown: its links to other questions lead to their pages under publicUrl. */
export async function bankMarkdown(db: Database, publicUrl: string, now = new Date()): Promise<string> {
  const { categories, companies, salaries, questions } = await loadBank(db, now);
  const out: string[] = [
    "# The ML Interview Question Bank",
    "",
    `${questions.length} questions with answers and tested code, grouped by category.`,
    "",
  ];
  out.push("## Contents", "");
  for (const c of categories) out.push(`- [${c.name}](#${c.slug}) (${c.questionCount})`);
  out.push("- [How the companies interview](#companies)");
  if (salaries.length) out.push("- [What ML roles pay](#compensation)");
  out.push("");
  for (const c of categories) {
    out.push(`## ${c.name} {#${c.slug}}`, "", c.description, "");
    for (const q of questions.filter((x) => x.category_slug === c.slug)) {
      const asked = JSON.parse(q.companies) as string[];
      out.push(
        `### ${q.title}`,
        "",
        `*${q.difficulty}*${asked.length ? ` · asked at ${asked.join(", ")}` : ""}`,
        "",
        pointMarkdownLinks(q.answer_markdown, (slug) => questionPageUrl(publicUrl, slug)),
        "",
      );
      for (const e of JSON.parse(q.code) as Code) out.push(`**${e.caption}**`, "", `\`\`\`${e.language}`, e.code.trimEnd(), "```", "");
    }
  }
  out.push("## How the companies interview {#companies}", "");
  for (const co of companies) {
    out.push(`### ${co.name}`, "", co.summary, "", `Focus: ${co.focusAreas.join(", ")}.`, "");
    if (co.interview) {
      out.push(co.interview.overview, "");
      for (const r of co.interview.rounds) out.push(`- **${r.name}**: ${r.whatItTests}`);
      out.push("", "Tips:", "", ...co.interview.tips.map((t) => `- ${t}`), "");
    }
  }
  if (salaries.length) out.push(...compensationMarkdown(salaries));
  return out.join("\n");
}

/** The bank as one page: its answers link to each other within it; code is highlighted, formulas are MathML. */
export async function bankHtml(db: Database, now = new Date()): Promise<string> {
  const { categories, companies, salaries, questions } = await loadBank(db, now);
  const parts: string[] = [];
  parts.push(
    `<nav><h2>Contents</h2><ul>${categories
      .map((c) => `<li><a href="#${escapeHtml(c.slug)}">${escapeHtml(c.name)}</a> (${c.questionCount})</li>`)
      .join(
        "",
      )}<li><a href="#companies">How the companies interview</a></li>${salaries.length ? `<li><a href="#compensation">What ML roles pay</a></li>` : ""}</ul></nav>`,
  );
  for (const c of categories) {
    parts.push(`<section id="${escapeHtml(c.slug)}"><h2>${escapeHtml(c.name)}</h2><p>${escapeHtml(c.description)}</p>`);
    for (const q of questions.filter((x) => x.category_slug === c.slug)) {
      const asked = JSON.parse(q.companies) as string[];
      const code = (JSON.parse(q.code) as Code)
        .map(
          (e) =>
            `<figure><figcaption>${escapeHtml(e.caption)}</figcaption><pre><code class="language-${escapeHtml(e.language)}">${e.html}</code></pre></figure>`,
        )
        .join("");
      parts.push(`<article id="${escapeHtml(q.slug)}"><h3>${escapeHtml(q.title)}</h3>
<p class="meta">${escapeHtml(q.difficulty)}${asked.length ? ` · asked at ${escapeHtml(asked.join(", "))}` : ""}</p>
<div class="answer">${pointAnswerLinks(q.answer_html, (slug) => `#${slug}`)}</div>${code}</article>`);
    }
    parts.push("</section>");
  }
  parts.push(`<section id="companies"><h2>How the companies interview</h2>`);
  for (const co of companies) {
    parts.push(
      `<h3>${escapeHtml(co.name)}</h3><p>${escapeHtml(co.summary)}</p><p><strong>Focus:</strong> ${escapeHtml(co.focusAreas.join(", "))}.</p>`,
    );
    if (co.interview) {
      parts.push(
        `<p>${escapeHtml(co.interview.overview)}</p><ul>${co.interview.rounds
          .map((r) => `<li><strong>${escapeHtml(r.name)}</strong>: ${escapeHtml(r.whatItTests)}</li>`)
          .join("")}</ul><p><strong>Tips</strong></p><ul>${co.interview.tips.map((t) => `<li>${escapeHtml(t)}</li>`).join("")}</ul>`,
      );
    }
  }
  parts.push("</section>");
  if (salaries.length) parts.push(compensationHtml(salaries));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>The ML Interview Question Bank</title>
<style>body{font:16px/1.6 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#1f2328}
pre{background:#f6f8fa;padding:1rem;overflow-x:auto;border-radius:6px;font-size:.875rem}code{font-family:ui-monospace,monospace}
article{border-top:1px solid #d0d7de;padding-top:1rem;margin-top:2rem}.meta{color:#59636e;font-size:.9rem}
figcaption{font-weight:600;margin-top:1rem}table{border-collapse:collapse}td,th{border:1px solid #d0d7de;padding:.3rem .6rem}
:root{${LIGHT_THEME}}${CODE_CSS}${MATH_CSS}</style>
</head><body><h1>The ML Interview Question Bank</h1><p>${questions.length} questions with answers and tested code, grouped by category.</p>
${parts.join("\n")}</body></html>`;
}
