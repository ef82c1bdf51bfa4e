import { cp, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ContentError, defaultSeedDir, readContent } from "../seed/load.js";
import { bankMarkdown } from "../src/subscribers/bank.js";
import { createDatabase } from "../src/db/client.js";
import { createTestApp, createTestDatabase, getJson } from "./helpers.js";

// The API over a known data set (fixture files in a copy of seed/), so every figure below is
// checked against what the files say; and the loader's checks on the real files.

const FIXTURE = {
  "google.yaml": `company: google
ladder:
  - {companyLevel: L3, title: Software Engineer II, level: entry}
  - {companyLevel: L4, title: Software Engineer III, level: mid}
  - {companyLevel: L5, title: Senior Software Engineer, level: senior}
entries:
  - {role: machine-learning-engineer, companyLevel: L5, location: united-states, currency: USD, basis: range,
     base: {low: 160000, median: null, high: 240000}, source: {name: "Posting A", url: "https://example.com/a"}, asOf: 2025-06-01}
  - {role: machine-learning-engineer, companyLevel: L5, location: united-states, currency: USD, basis: percentiles,
     base: {low: 180000, median: 200000, high: 220000}, total: {low: 300000, median: 350000, high: 420000}, sampleSize: 120,
     note: "Self-reported, stock at grant value.", source: {name: "Survey B", url: "https://example.com/b"}, asOf: 2026-02-01}
  - {role: machine-learning-engineer, companyLevel: L3, location: sf-bay-area, currency: USD, basis: range,
     base: {low: 120000, median: null, high: 160000}, source: {name: "Posting C", url: "https://example.com/c"}, asOf: 2026-01-10}
  - {role: research-scientist, companyLevel: L5, location: london, currency: GBP, basis: range,
     base: {low: 90000, median: null, high: 130000}, source: {name: "Posting D", url: "https://example.com/d"}, asOf: 2026-03-01}
`,
  "meta.yaml": `company: meta
ladder:
  - {companyLevel: E4, title: Software Engineer, level: mid}
  - {companyLevel: E5, title: Senior Software Engineer, level: senior}
entries:
  - {role: machine-learning-engineer, companyLevel: E5, location: united-states, currency: USD, basis: range,
     base: {low: 170000, median: null, high: 250000}, source: {name: "Posting E", url: "https://example.com/e"}, asOf: 2026-04-01}
  - {role: machine-learning-engineer, companyLevel: E4, location: new-york, currency: USD, basis: range,
     base: {low: 150000, median: null, high: 200000}, source: {name: "Posting F", url: "https://example.com/f"}, asOf: 2025-11-01}
`,
};

let seedDir: string;
let app: ReturnType<typeof createTestApp>;
let client: Awaited<ReturnType<typeof createTestDatabase>>;

async function fixtureSeed(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "salary-seed-"));
  await cp(defaultSeedDir(), dir, { recursive: true });
  for (const name of await readdir(path.join(dir, "salaries"))) if (name !== "locations.yaml") await rm(path.join(dir, "salaries", name));
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, "salaries", name), text);
  return dir;
}

beforeAll(async () => {
  seedDir = await fixtureSeed(FIXTURE);
  client = await createTestDatabase({ seedDir });
  app = createTestApp(client);
});
afterAll(async () => rm(seedDir, { recursive: true, force: true }));

describe("GET /v1/salaries", () => {
  it("lists every entry with its company, levels, location, figures, source and date, lowest level first", async () => {
    const { status, body, res } = await getJson(app, "/v1/salaries");
    expect(status).toBe(200);
    expect(res.headers.get("ETag")).toBeTruthy();
    expect(body.data.map((s: any) => `${s.level}/${s.company.slug}/${s.companyLevel}/${s.location.slug}`)).toEqual([
      "entry/google/L3/sf-bay-area",
      "mid/meta/E4/new-york",
      "senior/google/L5/united-states",
      "senior/google/L5/united-states",
      "senior/google/L5/london",
      "senior/meta/E5/united-states",
    ]);
    const survey = body.data.find((s: any) => s.source.name === "Survey B");
    expect(survey).toEqual({
      id: "google.machine-learning-engineer.l5.united-states.2",
      company: { slug: "google", name: "Google" },
      role: "machine-learning-engineer",
      level: "senior",
      companyLevel: "L5",
      companyLevelTitle: "Senior Software Engineer",
      location: { slug: "united-states", name: expect.stringContaining("United States"), country: "US" },
      currency: "USD",
      basis: "percentiles",
      base: { low: 180000, median: 200000, high: 220000 },
      stock: null,
      bonus: null,
      total: { low: 300000, median: 350000, high: 420000 },
      sampleSize: 120,
      note: "Self-reported, stock at grant value.",
      source: { name: "Survey B", url: "https://example.com/b" },
      asOf: "2026-02-01",
    });
    expect(body.data.find((s: any) => s.location.slug === "london").currency).toBe("GBP");
  });

  it("filters by company, role, level, company level and location, several values each, combined with AND", async () => {
    const ids = async (query: string) => (await getJson(app, `/v1/salaries?${query}`)).body.data.map((s: any) => s.source.name);
    expect(await ids("company=meta")).toEqual(["Posting F", "Posting E"]);
    expect(await ids("level=senior&location=united-states")).toEqual(["Posting A", "Survey B", "Posting E"]);
    expect(await ids("company=google,meta&level=senior&role=machine-learning-engineer&location=united-states")).toEqual(["Posting A", "Survey B", "Posting E"]);
    expect(await ids("companyLevel=E4,L3")).toEqual(["Posting C", "Posting F"]);
    expect(await ids("role=research-scientist")).toEqual(["Posting D"]);
    expect(await ids("company=openai")).toEqual([]);
  });

  it("answers an unknown value of any filter with a 400 that lists the known ones", async () => {
    for (const [name, value, known] of [
      ["company", "googel", "google"],
      ["role", "mle", "machine-learning-engineer"],
      ["level", "junior", "senior"],
      ["companyLevel", "L9", "E5"],
      ["location", "paris", "sf-bay-area"],
    ]) {
      const { status, body, res } = await getJson(app, `/v1/salaries?${name}=${known},${value}`);
      expect(status, name).toBe(400);
      expect(res.headers.get("Content-Type")).toContain("application/problem+json");
      expect(body.code).toBe("unknown-value");
      expect(body.detail).toContain(`'${value}'`);
      expect(body.allowed).toContain(known);
      expect(body.invalidParams).toEqual([{ name, in: "query", reason: "Unknown value" }]);
    }
    for (const bad of ["company=", "company=google,,meta", "level=senior%20", "limit=0", "limit=101", "colour=red"]) {
      const { status, body } = await getJson(app, `/v1/salaries?${bad}`);
      expect(status, bad).toBe(400);
      expect(body.code).toBe("validation-failed");
    }
  });

  it("pages with cursors and Link headers, each entry once, and refuses a cursor from another query", async () => {
    const seen: string[] = [];
    let url: string | null = "/v1/salaries?limit=4";
    let pages = 0;
    let firstCursor = "";
    while (url) {
      const { status, body, res }: { status: number; body: any; res: Response } = await getJson(app, url);
      expect(status).toBe(200);
      pages++;
      seen.push(...body.data.map((s: any) => s.id));
      const link = res.headers.get("Link");
      if (body.page.nextCursor) {
        firstCursor ||= body.page.nextCursor;
        expect(link).toContain(`cursor=${body.page.nextCursor}`);
        url = `/v1/salaries?limit=4&cursor=${body.page.nextCursor}`;
      } else {
        expect(link).toBeNull();
        url = null;
      }
    }
    expect(pages).toBe(2);
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
    const other = await getJson(app, `/v1/salaries?limit=4&company=google&cursor=${firstCursor}`);
    expect(other.status).toBe(400);
    expect(other.body.code).toBe("invalid-cursor");
    const question = await getJson(app, `/v1/questions?limit=4&cursor=${firstCursor}`);
    expect(question.body.code).toBe("invalid-cursor");
  });

  it("answers a repeated read with 304 for its ETag", async () => {
    const first = await app.request("/v1/salaries?company=google");
    const again = await app.request("/v1/salaries?company=google", { headers: { "If-None-Match": first.headers.get("ETag") as string } });
    expect(again.status).toBe(304);
  });
});

describe("GET /v1/salaries/summary", () => {
  it("compares companies at a level in one call: the span of each group's figures, its dates and sources", async () => {
    const { status, body } = await getJson(app, "/v1/salaries/summary?role=machine-learning-engineer&level=senior&location=united-states&company=google,meta,openai,amazon");
    expect(status).toBe(200);
    expect(body.data).toEqual([
      {
        company: { slug: "google", name: "Google" },
        role: "machine-learning-engineer",
        level: "senior",
        companyLevels: ["L5"],
        location: expect.objectContaining({ slug: "united-states" }),
        currency: "USD",
        entries: 2,
        // 160–240k and 180–220k: the envelope is 160–240k; one median is missing, so none.
        base: { low: 160000, median: null, high: 240000 },
        stock: null,
        bonus: null,
        total: { low: 300000, median: 350000, high: 420000 },
        asOf: { oldest: "2025-06-01", newest: "2026-02-01" },
        sources: [
          { name: "Posting A", url: "https://example.com/a" },
          { name: "Survey B", url: "https://example.com/b" },
        ],
        salaries: ["google.machine-learning-engineer.l5.united-states", "google.machine-learning-engineer.l5.united-states.2"],
      },
      expect.objectContaining({ company: { slug: "meta", name: "Meta" }, companyLevels: ["E5"], entries: 1, base: { low: 170000, median: null, high: 250000 } }),
    ]);
    const bad = await getJson(app, "/v1/salaries/summary?level=lead");
    expect(bad.status).toBe(400);
    expect(bad.body.allowed).toEqual(["entry", "mid", "senior", "staff", "principal"]);
  });
});

describe("salaries elsewhere", () => {
  it("links each company to its salaries", async () => {
    const { body } = await getJson(app, "/v1/companies/google");
    expect(body.links.salaries).toBe("http://api.test/v1/salaries?company=google");
    const list = await getJson(app, body.links.salaries.replace("http://api.test", ""));
    expect(list.body.data.every((s: any) => s.company.slug === "google")).toBe(true);
    const all = await getJson(app, "/v1/companies");
    expect(all.body.data.every((c: any) => c.links.salaries.endsWith(`?company=${c.slug}`))).toBe(true);
  });

  it("puts a compensation section in the emailed bank, every row with its source and date", async () => {
    const markdown = await bankMarkdown(createDatabase(client));
    const section = markdown.slice(markdown.indexOf("## What ML roles pay"));
    expect(section).toContain("### Google");
    expect(section).toContain("| L5 (senior) | ML engineer | United States");
    expect(section).toContain("$180K–$220K (median $200K)");
    expect(section).toContain("[Survey B](https://example.com/b) (2026-02-01)");
    expect(section).toContain("£90K–£130K");
    expect(markdown).toContain("- [What ML roles pay](#compensation)");
  });
});

describe("the salary files", () => {
  it("are refused when an entry is off its company's ladder, in the wrong currency, or the ladder is out of order", async () => {
    const cases: Array<[string, RegExp]> = [
      [FIXTURE["meta.yaml"].replace("companyLevel: E4, location", "companyLevel: E9, location"), /E9 is not on this company's ladder/],
      [FIXTURE["meta.yaml"].replace("location: new-york, currency: USD", "location: london, currency: USD"), /figures for london are in GBP/],
      [FIXTURE["meta.yaml"].replace("level: mid}", "level: staff}"), /below the step before it/],
      [FIXTURE["meta.yaml"].replace("high: 200000}", "high: 100000}"), /low ≤ median ≤ high/],
      [FIXTURE["meta.yaml"].replace("https://example.com/f", "http://example.com/f"), /url/],
      [FIXTURE["meta.yaml"].replace("asOf: 2025-11-01", "asOf: 2025-13-01"), /date/],
    ];
    for (const [text, message] of cases) {
      const dir = await fixtureSeed({ "meta.yaml": text });
      try {
        const error = await readContent(dir).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ContentError);
        expect(String((error as Error).message)).toMatch(message);
        expect((error as ContentError).file).toBe("seed/salaries/meta.yaml");
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
  });

  it("in seed/ load, each entry sourced over https and dated", async () => {
    const content = await readContent();
    const entries = content.salaries.companies.flatMap((c) => c.entries);
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) {
      expect(e.source.url).toMatch(/^https:\/\//);
      expect(e.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });
});
