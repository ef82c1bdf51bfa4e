import type { Client } from "@libsql/client";
import { beforeAll, describe, expect, it } from "vitest";
import { readContent } from "../src/content/read.js";
import { createDatabase } from "../src/db/client.js";
import { problemSchema } from "../src/http/problem.js";
import { createBankModels } from "../src/questions/model.js";
import { findQuestion, listQuestions } from "../src/questions/queries.js";
import { dailyQuestionSchema, questionListSchema, questionSchema, randomQuestionsSchema } from "../src/questions/schemas.js";
import { createTestApp, createTestDatabase, getJson } from "./helpers.js";

let client: Client;
let app: ReturnType<typeof createTestApp>;
let total: number;

beforeAll(async () => {
  client = await createTestDatabase();
  app = createTestApp(client);
  total = Number((await client.execute("SELECT count(*) AS n FROM questions")).rows[0]?.n);
});

/** Follows nextCursor until it is null and returns every id seen, in order. */
async function walk(query: string, limit: number): Promise<number[]> {
  const ids: number[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 1000; page++) {
    const sep = query ? "&" : "";
    const { status, body }: { status: number; body: any } = await getJson(
      app,
      `/v1/questions?${query}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`,
    );
    expect(status).toBe(200);
    ids.push(...body.data.map((q: { id: number }) => q.id));
    cursor = body.page.nextCursor;
    if (!cursor) return ids;
  }
  throw new Error("pagination did not end");
}

function expectProblem(res: Response, body: unknown, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  expect(problemSchema.safeParse(body).success).toBe(true);
  expect(JSON.stringify(body)).not.toMatch(/at .*\.(ts|js):\d+/); // never a stack trace
}

describe("GET /v1/questions", () => {
  it("answers summaries without answers, in the declared shape", async () => {
    const { status, body } = await getJson(app, "/v1/questions");
    expect(status).toBe(200);
    expect(questionListSchema.safeParse(body).success).toBe(true);
    expect(body.data).toHaveLength(Math.min(20, total));
    expect(body.page.limit).toBe(20);
    expect(body.data[0]).not.toHaveProperty("answer");
    expect(body.data[0].createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00Z$/);
  });

  it("visits every question exactly once when walking the cursors, for every sort", async () => {
    for (const sort of ["id", "newest", "title", "difficulty"]) {
      const ids = await walk(`sort=${sort}`, 7);
      expect(ids).toHaveLength(total);
      expect(new Set(ids).size).toBe(total);
    }
  });

  it("orders newest first and difficulty from easy to hard", async () => {
    const newest = (await getJson(app, "/v1/questions?sort=newest&limit=100")).body.data;
    const created = newest.map((q: { createdAt: string }) => q.createdAt);
    expect([...created].sort().reverse()).toEqual(created);
    const byDifficulty = (await getJson(app, "/v1/questions?sort=difficulty&limit=100")).body.data.map((q: { difficulty: string }) => q.difficulty);
    const rank = { easy: 0, medium: 1, hard: 2 } as Record<string, number>;
    expect(byDifficulty.map((d: string) => rank[d])).toEqual([...byDifficulty.map((d: string) => rank[d])].sort());
  });

  it("sends a Link rel=next header that leads to the next page", async () => {
    const first = await getJson(app, "/v1/questions?limit=5&category=coding");
    const link = first.res.headers.get("link");
    expect(link).toMatch(/^<http:\/\/api\.test\/v1\/questions\?.*cursor=.*>; rel="next"$/);
    const url = new URL(link!.slice(1, link!.indexOf(">")));
    expect(url.searchParams.get("category")).toBe("coding");
    const second = await getJson(app, url.pathname + url.search);
    expect(second.body.data[0].id).toBeGreaterThan(first.body.data[4].id);
    expect(second.body.data.every((q: { category: { slug: string } }) => q.category.slug === "coding")).toBe(true);
  });

  it("combines category, company, difficulty and tag with AND", async () => {
    const all = await walk("", 100);
    expect(all.length).toBe(total);
    const { body } = await getJson(app, "/v1/questions?category=coding&company=google&difficulty=medium&tag=sql&limit=100");
    for (const q of body.data) {
      expect(q.category.slug).toBe("coding");
      expect(q.companies.map((c: { slug: string }) => c.slug)).toContain("google");
      expect(q.difficulty).toBe("medium");
      expect(q.tags).toContain("sql");
    }
    const byCategory = await walk("category=deep-learning", 100);
    const { rows } = await client.execute("SELECT count(*) AS n FROM questions WHERE category_slug = 'deep-learning'");
    expect(byCategory.length).toBe(Number(rows[0]?.n));
  });

  it("ranks full-text matches with stemming: 'regularize' finds the regularization questions", async () => {
    const { body } = await getJson(app, "/v1/questions?q=regularize");
    const slugs = body.data.map((q: { slug: string }) => q.slug);
    expect(slugs).toContain("l1-vs-l2-regularization");
    expect(slugs.indexOf("l1-vs-l2-regularization")).toBeLessThan(5);
  });

  it("weights titles above answer text", async () => {
    const { body } = await getJson(app, "/v1/questions?q=backpropagation");
    expect(body.data[0].title.toLowerCase()).toContain("backprop");
  });

  it("paginates search results by relevance without repeats", async () => {
    const all = await walk("q=gradient", 100);
    expect(all.length).toBeGreaterThan(20);
    const walked = await walk("q=gradient", 3);
    expect(walked).toEqual(all);
    expect(new Set(walked).size).toBe(walked.length);
  });

  it.each([
    ['"unbalanced', "quote"],
    ["(((", "parentheses"],
    ["NEAR(a b", "FTS operator"],
    ["a OR b AND NOT c", "boolean words"],
    ["'; DROP TABLE questions; --", "SQL"],
    ["title:attention", "column filter"],
    ["*", "wildcard"],
    ["🤖🧠 transformer", "emoji"],
    ["x".repeat(200), "a long word"],
    ["^attention", "caret"],
  ])("treats %s (%s) as words and never errors", async (q) => {
    const { res, body } = await getJson(app, `/v1/questions?q=${encodeURIComponent(q)}`);
    expect(res.status).toBe(200);
    expect(Array.isArray(body.data)).toBe(true);
    const { rows } = await client.execute("SELECT count(*) AS n FROM questions");
    expect(Number(rows[0]?.n)).toBe(total);
  });

  it("answers an empty list for a q with no searchable words", async () => {
    for (const q of ["!!!", "   ", "🤖", "-- ;"]) {
      const { status, body } = await getJson(app, `/v1/questions?q=${encodeURIComponent(q)}`);
      expect(status).toBe(200);
      expect(body.data).toEqual([]);
      expect(body.page.nextCursor).toBeNull();
    }
  });

  it("rejects an unknown category or company with 400 listing the known ones", async () => {
    const { res, body } = await getJson(app, "/v1/questions?category=astrology");
    expectProblem(res, body, 400);
    expect(body.code).toBe("unknown-value");
    expect(body.allowed).toContain("deep-learning");
    const company = await getJson(app, "/v1/questions?company=initech");
    expectProblem(company.res, company.body, 400);
    expect(company.body.allowed).toEqual(expect.arrayContaining(["google", "meta", "openai", "amazon"]));
  });

  it("rejects sort=relevance without q", async () => {
    const { res, body } = await getJson(app, "/v1/questions?sort=relevance");
    expectProblem(res, body, 400);
    expect(body.invalidParams[0].name).toBe("sort");
  });

  it.each(["0", "101", "-1", "abc", "1.5", ""])("rejects limit=%s with 400 naming the parameter", async (limit) => {
    const { res, body } = await getJson(app, `/v1/questions?limit=${limit}`);
    expectProblem(res, body, 400);
    expect(body.invalidParams.map((p: { name: string }) => p.name)).toContain("limit");
  });

  it("rejects unknown parameters, a bad difficulty and a bad sort", async () => {
    for (const query of ["catgory=coding", "difficulty=extreme", "sort=random"]) {
      const { res, body } = await getJson(app, `/v1/questions?${query}`);
      expectProblem(res, body, 400);
    }
  });

  it("rejects a tampered, forged or foreign cursor with 400", async () => {
    const { body } = await getJson(app, "/v1/questions?limit=2");
    const cursor: string = body.page.nextCursor;
    const [payload, mac] = cursor.split(".");
    const forgedPayload = Buffer.from(JSON.stringify({ f: JSON.parse(Buffer.from(payload!, "base64url").toString()).f, k: [1] })).toString(
      "base64url",
    );
    for (const bad of [`${forgedPayload}.${mac}`, `${payload}.${mac!.slice(0, -2)}AA`, "garbage", "a.b.c", "%00", cursor.slice(0, 10)]) {
      const res = await getJson(app, `/v1/questions?limit=2&cursor=${encodeURIComponent(bad)}`);
      expectProblem(res.res, res.body, 400);
      expect(res.body.code).toBe("invalid-cursor");
    }
    const otherQuery = await getJson(app, `/v1/questions?limit=2&category=coding&cursor=${cursor}`);
    expect(otherQuery.status).toBe(400);
  });
});

describe("the in-memory bank model", () => {
  it("answers every filter, order, limit and cursor exactly as SQL does", async () => {
    const db = createDatabase(client);
    const model = await createBankModels()(db);
    const filterSets = [
      {},
      { category: "coding" },
      { company: "meta" },
      { difficulty: "hard" as const },
      { tag: "transformers" },
      { category: "deep-learning", company: "openai" },
      { category: "behavioral", difficulty: "medium" as const, company: "amazon" },
      { tag: "astrology" },
    ];
    for (const filters of filterSets) {
      for (const sort of ["id", "newest", "title", "difficulty"] as const) {
        for (const limit of [1, 7, 100]) {
          let after: Array<string | number> | null = null;
          for (let page = 0; page < 60; page++) {
            const sqlPage = await listQuestions(db, { filters, sort, limit, after });
            const modelPage = model.page(filters, sort, limit, after);
            expect(modelPage, JSON.stringify({ filters, sort, limit, page })).toEqual(sqlPage);
            if (!sqlPage.nextKey) break;
            after = sqlPage.nextKey;
          }
        }
      }
    }
    // A cursor key the model does not know (from another content version) is handed back to SQL.
    expect(model.page({}, "title", 5, ["No such title", 999999])).toBeNull();
  });

  it("serializes every question in bulk exactly as it serializes one, and answers from memory afterwards", async () => {
    const db = createDatabase(client);
    const model = await createBankModels()(db);
    expect(model.questionJsonNow("bias-variance-tradeoff")).toBeUndefined(); // not loaded yet
    expect(model.questionJsonNow("no-such-question")).toBeNull();
    await model.warmDetails(db);
    const decoder = new TextDecoder();
    const ids = model.orders.id;
    expect(ids.length).toBeGreaterThan(300);
    for (const id of ids) {
      const kept = model.questionJsonNow(String(id));
      if (!kept) throw new Error(`question ${id} was not serialized`);
      // The bulk path (four queries per hundred) and the one-question path give the same bytes.
      expect(decoder.decode(kept.body), String(id)).toBe(JSON.stringify(await findQuestion(db, String(id))));
    }
    const bySlug = model.questionJsonNow("bias-variance-tradeoff");
    expect(bySlug?.etag).toMatch(/^"[0-9a-f]{40}"$/);
  });

  it("builds once per content version and notices a reload", async () => {
    const db = createDatabase(client);
    const models = createBankModels();
    const first = await models(db);
    expect(await models(db)).toBe(first);
    await client.execute("UPDATE content_meta SET value = json_quote('another-version') WHERE key = 'seed-hash'");
    try {
      const second = await models(db);
      expect(second).not.toBe(first);
      expect(second.version).toBe('"another-version"');
      // Whatever another tool writes there is a version, not something to parse.
      await client.execute("UPDATE content_meta SET value = 'not json' WHERE key = 'seed-hash'");
      expect((await models(db)).version).toBe("not json");
    } finally {
      await client.execute({ sql: "UPDATE content_meta SET value = ? WHERE key = 'seed-hash'", args: [first.version] });
    }
  });
});

describe("GET /v1/questions/{idOrSlug}", () => {
  it("answers the whole question by slug and by id, identically", async () => {
    const bySlug = await getJson(app, "/v1/questions/bias-variance-tradeoff");
    expect(bySlug.status).toBe(200);
    expect(questionSchema.safeParse(bySlug.body).success).toBe(true);
    const byId = await getJson(app, `/v1/questions/${bySlug.body.id}`);
    expect(byId.body).toEqual(bySlug.body);
    expect(bySlug.body.answer.markdown.length).toBeGreaterThan(500);
    expect(bySlug.body.answer.html).toContain("<h3>");
    expect(bySlug.body.related.length).toBeGreaterThan(0);
    expect(bySlug.body.related.length).toBeLessThanOrEqual(5);
  });

  it("carries code examples with language, caption, code, its highlighted HTML, and whether and with what the suite runs them", async () => {
    const { body } = await getJson(app, "/v1/questions/kmeans-from-scratch");
    expect(body.codeExamples.length).toBeGreaterThan(0);
    expect(body.codeExamples[0]).toEqual({
      language: "python",
      caption: expect.any(String),
      code: expect.stringContaining("import numpy"),
      html: expect.stringContaining('<span class="hljs-keyword">import</span> numpy'),
      tested: true,
      runtime: "python 3.11, numpy 1.24",
    });
  });

  it("says honestly which examples the suite executes: tested mirrors the content's run flag, runtime names what the code imports", async () => {
    const content = await readContent();
    let torch = 0;
    for (const q of content.questions.filter((q) => q.codeExamples.length > 0)) {
      const { body } = await getJson(app, `/v1/questions/${q.slug}`);
      expect(body.codeExamples.map((e: { tested: boolean }) => e.tested)).toEqual(q.codeExamples.map((e) => e.run));
      for (const [i, e] of body.codeExamples.entries()) {
        const code = q.codeExamples[i]!.code;
        if (e.language === "sql") expect(e.runtime).toMatch(/^sqlite \d/);
        else expect(e.runtime).toMatch(/^python 3\.\d+/);
        if (/^import torch|^from torch/m.test(code)) {
          expect(e.runtime).toContain("torch 1.13");
          if (e.tested) torch++;
        }
        if (/^(import|from) sklearn/m.test(code)) expect(e.runtime).toContain("scikit-learn 1.2");
      }
    }
    expect(torch).toBeGreaterThanOrEqual(25);
  });

  it("backs every company tag with public evidence, and names the systems a question is modelled on", async () => {
    const { rows } = await client.execute("SELECT DISTINCT q.slug FROM questions q JOIN question_companies qc ON qc.question_id = q.id");
    expect(rows.length).toBeGreaterThan(100);
    for (const { slug } of rows) {
      const { body } = await getJson(app, `/v1/questions/${slug}`);
      expect(body.companies.length).toBeGreaterThan(0);
      for (const company of body.companies) {
        expect(company.evidence.length, `${slug} ${company.slug}`).toBeGreaterThan(0);
        for (const source of company.evidence) {
          expect(["interview-report", "company-prep-guide", "company-paper-or-blog", "job-posting"]).toContain(source.kind);
          expect(source.url).toMatch(/^https?:\/\/[^\s]+$/);
          expect(source.year).toBeGreaterThanOrEqual(1990);
        }
      }
    }
    const { body } = await getJson(app, "/v1/questions/design-marketplace-search-ranking");
    expect(body.inspiredBy.map((i: { organization: string }) => i.organization)).toContain("Airbnb");
    // Summaries stay lean: the evidence is on the question, not in lists.
    const list = await getJson(app, "/v1/questions?limit=5&company=google");
    expect(list.body.data[0].companies[0]).toEqual({ slug: expect.any(String), name: expect.any(String) });
  });

  it("takes createdAt/updatedAt from the content, so every load answers the same bytes", async () => {
    const again = createTestApp(await createTestDatabase(), { now: new Date("2030-01-01T00:00:00Z") });
    const a = await app.request("/v1/questions/backpropagation");
    const b = await again.request("/v1/questions/backpropagation");
    expect(await b.text()).toBe(await a.text());
    expect(a.headers.get("etag")).toBe(b.headers.get("etag"));
  });

  it("typesets LaTeX as MathML in the HTML and keeps it in the Markdown; links between answers lead to question pages", async () => {
    const { rows } = await client.execute("SELECT slug FROM questions WHERE answer_markdown LIKE '%$$%' LIMIT 1");
    const { body } = await getJson(app, `/v1/questions/${rows[0]?.slug}`);
    expect(body.answer.markdown).toContain("$$");
    expect(body.answer.html).toContain('<math display="block" class="tml-display">');
    expect(body.answer.html).not.toContain("$$");
    const linked = (await getJson(app, "/v1/questions/p-values-confidence-intervals-error-types")).body;
    expect(linked.answer.markdown).toContain("(/v1/questions/bayes-theorem-medical-test)");
    expect(linked.answer.html).toContain('<a href="/questions/bayes-theorem-medical-test">');
    expect(linked.answer.html).not.toContain("/v1/questions/");
  });

  it("answers 404 problem+json for an unknown id or slug", async () => {
    for (const path of ["/v1/questions/no-such-question", "/v1/questions/999999", "/v1/questions/..%2F..%2Fetc%2Fpasswd"]) {
      const { res, body } = await getJson(app, path);
      expectProblem(res, body, 404);
    }
  });
});

describe("GET /v1/questions/random", () => {
  it("deals count distinct questions honouring the filters", async () => {
    const { status, body } = await getJson(app, "/v1/questions/random?count=5&category=deep-learning");
    expect(status).toBe(200);
    expect(randomQuestionsSchema.safeParse(body).success).toBe(true);
    expect(body.data).toHaveLength(5);
    expect(new Set(body.data.map((q: { id: number }) => q.id)).size).toBe(5);
    expect(body.data.every((q: { category: { slug: string } }) => q.category.slug === "deep-learning")).toBe(true);
  });

  it("never returns an excluded id", async () => {
    const { body: all } = await getJson(app, "/v1/questions?category=coding&limit=100");
    const ids = all.data.map((q: { id: number }) => q.id);
    const keep = ids.slice(0, 3);
    const exclude = ids.slice(3).join(",");
    const { body } = await getJson(app, `/v1/questions/random?category=coding&count=20&exclude=${exclude}`);
    expect(body.data.map((q: { id: number }) => q.id).sort()).toEqual([...keep].sort());
  });

  it("deals a whole deck without repeats, then answers deck null", async () => {
    const seen: number[] = [];
    let deck: string | null = null;
    for (let i = 0; i < 100; i++) {
      const { body }: { body: any } = await getJson(
        app,
        `/v1/questions/random?category=statistics-probability&count=7${deck ? `&deck=${deck}` : ""}`,
      );
      seen.push(...body.data.map((q: { id: number }) => q.id));
      deck = body.deck;
      if (!deck) break;
    }
    const expected = (await walk("category=statistics-probability", 100)).length;
    expect(seen).toHaveLength(expected);
    expect(new Set(seen).size).toBe(expected);
  });

  it("is stateless: the same deck deals the same questions on another app instance", async () => {
    const { body } = await getJson(app, "/v1/questions/random?count=3");
    const other = createTestApp(client);
    const a = await getJson(app, `/v1/questions/random?count=3&deck=${body.deck}`);
    const b = await getJson(other, `/v1/questions/random?count=3&deck=${body.deck}`);
    expect(b.body).toEqual(a.body);
  });

  it("rejects a forged deck or one used with other filters", async () => {
    const { body } = await getJson(app, "/v1/questions/random?count=1&category=coding");
    for (const path of [
      `/v1/questions/random?deck=${body.deck}x`,
      `/v1/questions/random?deck=${body.deck}&category=deep-learning`,
      "/v1/questions/random?deck=eyJ9.AAAA",
    ]) {
      const res = await getJson(app, path);
      expectProblem(res.res, res.body, 400);
    }
  });

  it.each(["count=0", "count=21", "count=x", "exclude=1,,2", "exclude=abc", "category=nope"])("rejects %s with 400", async (query) => {
    const { res, body } = await getJson(app, `/v1/questions/random?${query}`);
    expectProblem(res, body, 400);
  });

  it("is never cached", async () => {
    const res = await app.request("/v1/questions/random");
    expect(res.headers.get("cache-control")).toBe("no-store");
  });
});

describe("GET /v1/questions/daily", () => {
  it("answers the same full question for everyone on a date, and another the next day", async () => {
    const a = await getJson(app, "/v1/questions/daily?date=2026-03-01");
    const b = await getJson(createTestApp(client), "/v1/questions/daily?date=2026-03-01");
    const next = await getJson(app, "/v1/questions/daily?date=2026-03-02");
    expect(dailyQuestionSchema.safeParse(a.body).success).toBe(true);
    expect(a.body.date).toBe("2026-03-01");
    expect(b.body).toEqual(a.body);
    expect(next.body.question.id).not.toBe(a.body.question.id);
    expect(a.body.question.answer.markdown.length).toBeGreaterThan(0);
  });

  it("defaults to today (UTC) and is cacheable until the next UTC midnight", async () => {
    const { res, body } = await getJson(app, "/v1/questions/daily");
    expect(body.date).toBe("2026-11-25");
    expect(res.headers.get("cache-control")).toBe(`public, max-age=${14 * 3600}`);
  });

  it("honours category, company and difficulty", async () => {
    const { body } = await getJson(app, "/v1/questions/daily?category=coding&difficulty=hard&company=google");
    expect(body.question.category.slug).toBe("coding");
    expect(body.question.difficulty).toBe("hard");
    expect(body.question.companies.map((c: { slug: string }) => c.slug)).toContain("google");
  });

  it.each(["date=2026-02-30", "date=26-01-01", "date=yesterday", "date=1999-12-31", "company=initech"])("rejects %s with 400", async (query) => {
    const { res, body } = await getJson(app, `/v1/questions/daily?${query}`);
    expectProblem(res, body, 400);
  });
});
