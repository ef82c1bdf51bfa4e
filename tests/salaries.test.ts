import { cp, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ContentError, defaultSeedDir, readContent, roleForTitle } from "../src/content/read.js";
import { createDatabase } from "../src/db/client.js";
import { bankMarkdown } from "../src/subscribers/bank.js";
import { createTestApp, createTestDatabase, getJson } from "./helpers.js";

// The API over a known data set (fixture files in a copy of seed/, with the real locations and
// role rules), so every figure below is checked against what the files say; then the loader's
// checks, and the real files. The test clock is 2026-11-25, so the default `since` is 2024-11-25.

const ARCHIVE = "{repo: owner/archive, path: jobs.json, commit: 0123456789abcdef0123456789abcdef01234567}";
const FIXTURE = {
  "google.yaml": `company: google
ladder:
  - {companyLevel: L3, title: Software Engineer II, level: entry}
  - {companyLevel: L4, title: Software Engineer III, level: mid}
  - {companyLevel: L5, title: Senior Software Engineer, level: senior}
entries:
  - {basis: posted-range, title: "Software Engineer III, Machine Learning", role: machine-learning-engineer, locations: [united-states],
     postedLocations: ["United States"], currency: USD, base: {low: 141000, high: 202000}, stated: "$141,000-$202,000 + bonus + equity",
     includes: base, source: {name: "Posting A", url: "https://example.com/a"}, asOf: 2025-09-01, archive: ${ARCHIVE}}
  - {basis: percentiles, role: machine-learning-engineer, companyLevel: L5, locations: [sf-bay-area], currency: USD,
     base: {low: 180000, median: 200000, high: 220000}, total: {low: 300000, median: 350000, high: 420000}, sampleSize: 120,
     note: "Self-reported, stock at grant value.", source: {name: "Survey B", url: "https://example.com/b"}, asOf: 2026-02-01}
  - {basis: posted-range, title: "Research Scientist, Machine Learning", role: research-scientist, locations: [united-states],
     postedLocations: ["United States"], currency: USD, base: {low: 120000, high: 180000}, includes: base,
     source: {name: "Posting C (stale)", url: "https://example.com/c"}, asOf: 2024-06-20}
`,
  "meta.yaml": `company: meta
ladder:
  - {companyLevel: E4, title: Software Engineer, level: mid}
  - {companyLevel: E5, title: Senior Software Engineer, level: senior}
entries:
  - {basis: posted-range, title: "Software Engineer, Machine Learning", role: machine-learning-engineer, locations: [sf-bay-area, new-york],
     postedLocations: ["Menlo Park, CA", "New York, NY", "Pittsburgh, PA"], currency: USD,
     base: {low: 85.10, lowUnit: hour, high: 251000}, stated: "$85.10/hour to $251,000/year + bonus + equity + benefits",
     includes: base, flags: ["band spans units (hourly to annual): covers several levels/locations"],
     source: {name: "Posting E", url: "https://example.com/e"}, asOf: 2025-10-11, archive: ${ARCHIVE}}
  - {basis: posted-range, title: "Machine Learning Engineer, Ads", role: machine-learning-engineer, locations: [sf-bay-area],
     postedLocations: ["Menlo Park, CA"], currency: USD, base: {low: 184000, high: 257000}, stated: "$184,000/year to $257,000/year",
     includes: base, source: {name: "Posting F", url: "https://example.com/f"}, asOf: 2025-11-01}
`,
  "anthropic.yaml": `company: anthropic
ladder:
  - {companyLevel: MTS, title: Member of Technical Staff, level: senior}
entries:
  - {basis: posted-range, title: "Research Engineer, Pretraining", role: research-engineer, locations: [london], postedLocations: ["London, UK"],
     currency: GBP, base: {low: 250000, high: 270000}, stated: "£250,000 - £270,000 GBP", includes: base,
     source: {name: "Posting G", url: "https://example.com/g"}, asOf: 2026-01-31}
`,
  "market.yaml": `entries:
  - {occupation: Data Scientists, soc: "15-2051", role: data-scientist, area: "San Francisco-Oakland-Fremont, CA", location: sf-bay-area,
     currency: USD, wages: {p10: null, p25: null, p50: 166300, p75: null, p90: null},
     source: {name: "BLS OEWS May 2024 (transcribed)", url: "https://www.bls.gov/oes/tables.htm"}, asOf: 2024-05-01,
     transcription: {repo: owner/notebooks, path: ds.ipynb, commit: 0123456789abcdef0123456789abcdef01234567, where: "a chart"}}
  - {occupation: Data Scientists, soc: "15-2051", role: data-scientist, area: "United States", location: united-states,
     currency: USD, wages: {p10: 63650, p25: 82630, p50: 112590, p75: 155810, p90: 194410},
     source: {name: "BLS OEWS May 2024, national_M2024_dl.xlsx", url: "https://www.bls.gov/oes/special-requests/oesm24nat.zip"}, asOf: 2024-05-01}
`,
};

let seedDir: string;
let app: ReturnType<typeof createTestApp>;
let client: Awaited<ReturnType<typeof createTestDatabase>>;

async function fixtureSeed(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "salary-seed-"));
  await cp(defaultSeedDir(), dir, { recursive: true });
  for (const name of await readdir(path.join(dir, "salaries"))) {
    if (!["locations.yaml", "roles.yaml"].includes(name)) await rm(path.join(dir, "salaries", name));
  }
  for (const [name, text] of Object.entries({ ...FIXTURE, ...files })) await writeFile(path.join(dir, "salaries", name), text);
  return dir;
}

beforeAll(async () => {
  seedDir = await fixtureSeed({});
  client = await createTestDatabase({ seedDir });
  app = createTestApp(client);
});
afterAll(async () => rm(seedDir, { recursive: true, force: true }));

const names = async (query: string) => (await getJson(app, `/v1/salaries?${query}`)).body.data.map((s: any) => s.source.name);

describe("GET /v1/salaries", () => {
  it("serves a posted range as the employer stated it: base only, no level guessed, one entry for a multi-city band, the archive to read it", async () => {
    const { status, body, res } = await getJson(app, "/v1/salaries?company=meta");
    expect(status).toBe(200);
    expect(res.headers.get("ETag")).toBeTruthy();
    const band = body.data.find((s: any) => s.source.name === "Posting E");
    expect(band).toEqual({
      id: "meta.machine-learning-engineer.posted.sf-bay-area",
      basis: "posted-range",
      company: { slug: "meta", name: "Meta" },
      role: "machine-learning-engineer",
      title: "Software Engineer, Machine Learning",
      level: null,
      companyLevel: null,
      companyLevelTitle: null,
      locations: [
        { slug: "sf-bay-area", name: "San Francisco Bay Area", country: "US" },
        { slug: "new-york", name: "New York City area", country: "US" },
      ],
      postedLocations: ["Menlo Park, CA", "New York, NY", "Pittsburgh, PA"],
      currency: "USD",
      // The low end is per hour as posted: kept with its unit, never converted without the hours.
      base: { low: 85.1, median: null, high: 251000, lowUnit: "hour", highUnit: "year" },
      stock: null,
      bonus: null,
      total: null,
      wages: null,
      includes: "base",
      excludesEquity: true,
      stated: "$85.10/hour to $251,000/year + bonus + equity + benefits",
      flags: ["band spans units (hourly to annual): covers several levels/locations"],
      sampleSize: null,
      note: null,
      source: { name: "Posting E", url: "https://example.com/e" },
      archive: {
        repo: "owner/archive",
        path: "jobs.json",
        commit: "0123456789abcdef0123456789abcdef01234567",
        url: "https://github.com/owner/archive/blob/0123456789abcdef0123456789abcdef01234567/jobs.json",
      },
      asOf: "2025-10-11",
    });
  });

  it("serves market rows without a company, with their percentiles, and says when a figure was transcribed", async () => {
    const { body } = await getJson(app, "/v1/salaries?basis=market");
    expect(body.data.map((s: any) => [s.company, s.locations[0].slug, s.wages.p50])).toEqual([
      [null, "sf-bay-area", 166300],
      [null, "united-states", 112590],
    ]);
    expect(body.data[1].wages).toEqual({ p10: 63650, p25: 82630, p50: 112590, p75: 155810, p90: 194410 });
    expect(body.data[0].flags[0]).toMatch(/transcribed from owner\/notebooks/);
    expect(body.data[0].excludesEquity).toBe(false);
  });

  it("leaves out entries older than 24 months unless `since` asks for them; market statistics stay", async () => {
    expect(await names("company=google")).toEqual([
      "Survey B",
      "Posting A",
      "BLS OEWS May 2024 (transcribed)",
      "BLS OEWS May 2024, national_M2024_dl.xlsx",
    ]);
    expect(await names("company=google&since=2024-01-01")).toContain("Posting C (stale)");
    const bad = await getJson(app, "/v1/salaries?since=last-year");
    expect(bad.status).toBe(400);
  });

  it("filters by company, role, level, company level, location and basis, several values each, combined with AND", async () => {
    expect(await names("company=meta&basis=posted-range")).toEqual(["Posting E", "Posting F"]);
    expect(await names("level=senior")).toEqual(["Survey B"]);
    expect(await names("companyLevel=L5")).toEqual(["Survey B"]);
    expect(await names("role=research-engineer&basis=posted-range")).toEqual(["Posting G"]);
    expect(await names("role=research-engineer")).toEqual([
      "Posting G",
      "BLS OEWS May 2024 (transcribed)",
      "BLS OEWS May 2024, national_M2024_dl.xlsx",
    ]);
    // A national US band covers every US metro, so it comes with one; London does not.
    expect(await names("location=new-york&basis=posted-range")).toEqual(["Posting A", "Posting E"]);
    expect(await names("location=london")).toEqual(["Posting G"]);
    expect(await names("company=openai&basis=posted-range")).toEqual([]);
  });

  it("answers an unknown value of any filter with a 400 that lists the known ones", async () => {
    for (const [name, value, known] of [
      ["company", "googel", "google"],
      ["role", "mle", "software-engineer-ml"],
      ["level", "junior", "senior"],
      ["companyLevel", "L9", "E5"],
      ["location", "paris", "dublin"],
      ["basis", "rumour", "posted-range"],
    ]) {
      const { status, body, res } = await getJson(app, `/v1/salaries?${name}=${known},${value}`);
      expect(status, name).toBe(400);
      expect(res.headers.get("Content-Type")).toContain("application/problem+json");
      expect(body.code).toBe("unknown-value");
      expect(body.detail).toContain(`'${value}'`);
      expect(body.allowed).toContain(known);
      expect(body.invalidParams).toEqual([{ name, in: "query", reason: "Unknown value" }]);
    }
    for (const bad of ["company=", "company=google,,meta", "level=senior%20", "limit=0", "limit=101", "colour=red", "since=2025-13-40x"]) {
      const { status, body } = await getJson(app, `/v1/salaries?${bad}`);
      expect(status, bad).toBe(400);
      expect(body.code).toBe("validation-failed");
    }
  });

  it("pages with cursors and Link headers, each entry once, and refuses a cursor from another query", async () => {
    const all = (await getJson(app, "/v1/salaries?limit=100")).body.data.map((s: any) => s.id);
    const seen: string[] = [];
    let url: string | null = "/v1/salaries?limit=3";
    let firstCursor = "";
    while (url) {
      const { status, body, res }: { status: number; body: any; res: Response } = await getJson(app, url);
      expect(status).toBe(200);
      seen.push(...body.data.map((s: any) => s.id));
      if (body.page.nextCursor) {
        firstCursor ||= body.page.nextCursor;
        expect(res.headers.get("Link")).toContain(`cursor=${body.page.nextCursor}`);
        url = `/v1/salaries?limit=3&cursor=${body.page.nextCursor}`;
      } else {
        expect(res.headers.get("Link")).toBeNull();
        url = null;
      }
    }
    expect(seen).toEqual(all);
    expect(all).toHaveLength(7);
    const other = await getJson(app, `/v1/salaries?limit=3&company=google&cursor=${firstCursor}`);
    expect(other.body.code).toBe("invalid-cursor");
    const older = await getJson(app, `/v1/salaries?limit=3&since=2020-01-01&cursor=${firstCursor}`);
    expect(older.body.code).toBe("invalid-cursor");
  });

  it("answers a repeated read with 304 for its ETag", async () => {
    const first = await app.request("/v1/salaries?company=google");
    const again = await app.request("/v1/salaries?company=google", { headers: { "If-None-Match": first.headers.get("ETag") as string } });
    expect(again.status).toBe(304);
  });
});

describe("GET /v1/salaries/summary", () => {
  it("answers 'ML engineer in the SF Bay Area' in one call: each company beside the market, with what the figures leave out", async () => {
    const { status, body } = await getJson(app, "/v1/salaries/summary?role=machine-learning-engineer&location=sf-bay-area");
    expect(status).toBe(200);
    const row = (company: string | null, location: string) =>
      body.data.find((r: any) => (r.company?.slug ?? null) === company && r.location.slug === location);
    expect(row("meta", "sf-bay-area")).toEqual({
      kind: "company",
      company: { slug: "meta", name: "Meta" },
      role: "machine-learning-engineer",
      occupation: null,
      area: null,
      level: null,
      companyLevels: [],
      location: { slug: "sf-bay-area", name: "San Francisco Bay Area", country: "US" },
      currency: "USD",
      entries: 2,
      bases: ["posted-range"],
      // The hourly low end cannot be compared with yearly ones, so the span's low is Posting F's.
      base: { low: 184000, median: null, high: 257000, midpoint: 220500 },
      stock: null,
      bonus: null,
      total: null,
      wages: null,
      includes: ["base"],
      excludesEquity: true,
      asOf: { oldest: "2025-10-11", newest: "2025-11-01" },
      sources: [
        { name: "Posting E", url: "https://example.com/e" },
        { name: "Posting F", url: "https://example.com/f" },
      ],
      salaries: ["meta.machine-learning-engineer.posted.sf-bay-area", "meta.machine-learning-engineer.posted.sf-bay-area.2"],
    });
    // Google's band is national: shown under united-states beside the metro; the market median for the metro too.
    expect(row("google", "united-states")).toMatchObject({ entries: 1, base: { low: 141000, high: 202000, midpoint: 171500 } });
    // Survey B names its level, so it is a row of its own (senior), not mixed into the posted bands.
    expect(row("google", "sf-bay-area")).toMatchObject({ level: "senior", companyLevels: ["L5"], bases: ["percentiles"] });
    const market = body.data.filter((r: any) => r.kind === "market");
    expect(market.map((r: any) => [r.location.slug, r.occupation, r.area, r.wages.p50])).toEqual([
      ["sf-bay-area", "Data Scientists", "San Francisco-Oakland-Fremont, CA", 166300],
      ["united-states", "Data Scientists", "United States", 112590],
    ]);
    expect(body.notes.join(" ")).toMatch(/base salary only.*OpenAI and Anthropic/);
    expect(body.notes.join(" ")).toMatch(/National US bands/);
    expect(body.notes.join(" ")).toMatch(/Market rows are official statistics/);
    expect(body.notes.join(" ")).toMatch(/dated before 2024-11-25/);
    const bad = await getJson(app, "/v1/salaries/summary?level=lead");
    expect(bad.status).toBe(400);
    expect(bad.body.allowed).toEqual(["entry", "mid", "senior", "staff", "principal"]);
  });

  it("keeps a level's own row where the source names the level", async () => {
    const { body } = await getJson(app, "/v1/salaries/summary?company=google&basis=percentiles");
    expect(body.data).toEqual([
      expect.objectContaining({
        company: { slug: "google", name: "Google" },
        level: "senior",
        companyLevels: ["L5"],
        total: { low: 300000, median: 350000, high: 420000, midpoint: 360000 },
      }),
    ]);
  });
});

describe("salaries elsewhere", () => {
  it("links each company to its salaries", async () => {
    const { body } = await getJson(app, "/v1/companies/google");
    expect(body.links.salaries).toBe("http://api.test/v1/salaries?company=google");
    const list = await getJson(app, body.links.salaries.replace("http://api.test", ""));
    expect(list.body.data.every((s: any) => s.company === null || s.company.slug === "google")).toBe(true);
  });

  it("puts a compensation section in the emailed bank, each row with its entries, dates and first source", async () => {
    const markdown = await bankMarkdown(createDatabase(client), "http://api.test", new Date("2026-11-25T00:00:00Z"));
    const section = markdown.slice(markdown.indexOf("## What ML roles pay"));
    expect(section).toContain("### Meta");
    expect(section).toContain(
      "| ML engineer | San Francisco Bay Area | $184K–$257K (midpoint $220.5K) | 2 (2025-10-11 to 2025-11-01) | [Posting E](https://example.com/e) |",
    );
    expect(section).toContain("£250K–£270K");
    expect(section).toContain("### Market (US BLS, all employers)");
    expect(section).not.toContain("Posting C (stale)");
    expect(markdown).toContain("- [What ML roles pay](#compensation)");
  });
});

describe("the salary files", () => {
  it("are refused when a figure, currency, role, date or source breaks the rules, naming file and field", async () => {
    const meta = FIXTURE["meta.yaml"];
    const cases: Array<[string, string, RegExp]> = [
      [
        "meta.yaml",
        meta
          .replace("locations: [sf-bay-area], \n", "")
          .replace("role: machine-learning-engineer, locations: [sf-bay-area],", "role: machine-learning-engineer, locations: [london],"),
        /figures for london are in GBP/,
      ],
      [
        "meta.yaml",
        meta.replace(
          'title: "Machine Learning Engineer, Ads", role: machine-learning-engineer',
          'title: "Machine Learning Engineer, Ads", role: research-scientist',
        ),
        /make 'Machine Learning Engineer, Ads' machine-learning-engineer, not research-scientist/,
      ],
      [
        "meta.yaml",
        meta.replace('title: "Machine Learning Engineer, Ads"', 'title: "Account Executive, Ads"'),
        /make 'Account Executive, Ads' no ML role/,
      ],
      ["meta.yaml", meta.replace("high: 257000}", "high: 100000}"), /low ≤ high/],
      ["meta.yaml", meta.replace("https://example.com/f", "http://example.com/f"), /url/],
      ["meta.yaml", meta.replace("asOf: 2025-11-01", "asOf: 2025-13-01"), /date/],
      ["meta.yaml", meta.replace(", currency: USD, base: {low: 184000", ", base: {low: 184000"), /currency/],
      ["meta.yaml", meta.replace("level: senior}", "level: entry}"), /below the step before it/],
      [
        "google.yaml",
        FIXTURE["google.yaml"].replace("companyLevel: L5, locations", "companyLevel: L9, locations"),
        /L9 is not on this company's ladder/,
      ],
    ];
    for (const [file, text, message] of cases) {
      const dir = await fixtureSeed({ [file]: text });
      try {
        const error = await readContent(dir).catch((e: unknown) => e);
        expect(error, String(message)).toBeInstanceOf(ContentError);
        expect(String((error as Error).message)).toMatch(message);
        expect((error as ContentError).file).toBe(`seed/salaries/${file}`);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
  });

  it("in seed/: every entry sourced over https, dated, in a known currency; Meta, OpenAI and Anthropic with 10+ posted ranges each; London and four market metros covered", async () => {
    const content = await readContent();
    const entries = content.salaries.companies.flatMap((c) => c.entries.map((e) => ({ ...e, company: c.company })));
    for (const e of entries) {
      expect(e.source.url).toMatch(/^https:\/\//);
      expect(e.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(e.currency).toMatch(/^[A-Z]{3}$/);
      if (e.basis === "posted-range") expect(roleForTitle(content.salaries.roleRules, e.title)).toBe(e.role);
    }
    for (const company of ["meta", "openai", "anthropic"]) {
      expect(entries.filter((e) => e.company === company && e.basis === "posted-range").length, company).toBeGreaterThanOrEqual(10);
    }
    expect(entries.some((e) => e.locations.includes("london"))).toBe(true);
    const metros = new Set(content.salaries.market.map((m) => m.area).filter((a) => a !== "United States"));
    expect(metros.size).toBeGreaterThanOrEqual(4);
  });
});

describe("the real data over HTTP", () => {
  it("compares ML engineer pay in the SF Bay Area across Google, Meta, OpenAI, Anthropic and Amazon, with the market median", async () => {
    const real = createTestApp(await createTestDatabase());
    const { status, body } = await getJson(
      real,
      "/v1/salaries/summary?role=machine-learning-engineer,software-engineer-ml,applied-scientist&location=sf-bay-area",
    );
    expect(status).toBe(200);
    const companies = new Set(body.data.filter((r: any) => r.kind === "company").map((r: any) => r.company.slug));
    for (const c of ["google", "meta", "openai", "anthropic", "amazon"]) expect(companies.has(c), c).toBe(true);
    expect(body.data.some((r: any) => r.kind === "market" && r.location.slug === "sf-bay-area" && r.wages.p50 > 0)).toBe(true);
    for (const r of body.data) {
      expect(r.sources.length).toBeGreaterThan(0);
      expect(r.asOf.newest >= "2024-11-25" || r.kind === "market").toBe(true);
    }
  });
});
