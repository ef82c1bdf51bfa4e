import { beforeAll, describe, expect, it } from "vitest";
import { categoryListSchema, categorySchema } from "../src/categories/schemas.js";
import { companyDetailSchema, companyListSchema } from "../src/companies/schemas.js";
import { problemSchema } from "../src/http/problem.js";
import { prepPlanSchema } from "../src/prep-plan/schemas.js";
import { resourceListSchema } from "../src/resources/schemas.js";
import { createTestApp, createTestDatabase, getJson } from "./helpers.js";

let app: ReturnType<typeof createTestApp>;

beforeAll(async () => {
  app = createTestApp(await createTestDatabase());
});

describe("GET /v1/categories", () => {
  it("lists the five categories of the product page and the behavioral round, with question counts", async () => {
    const { status, body } = await getJson(app, "/v1/categories");
    expect(status).toBe(200);
    expect(categoryListSchema.safeParse(body).success).toBe(true);
    expect(body.data.map((c: { slug: string }) => c.slug)).toEqual([
      "ml-algorithms-theory",
      "deep-learning",
      "ml-system-design",
      "coding",
      "statistics-probability",
      "behavioral",
    ]);
    expect(body.data.every((c: { questionCount: number }) => c.questionCount > 0)).toBe(true);
  });

  it("answers one category, and 404 for an unknown slug", async () => {
    const { body } = await getJson(app, "/v1/categories/deep-learning");
    expect(categorySchema.safeParse(body).success).toBe(true);
    expect(body.name).toBe("Deep Learning");
    const missing = await getJson(app, "/v1/categories/astrology");
    expect(missing.status).toBe(404);
    expect(missing.res.headers.get("content-type")).toBe("application/problem+json");
  });
});

describe("GET /v1/companies", () => {
  it("lists Google, Meta, OpenAI and Amazon first, with the product page's focus areas", async () => {
    const { body } = await getJson(app, "/v1/companies");
    expect(companyListSchema.safeParse(body).success).toBe(true);
    expect(body.data.slice(0, 4).map((c: { slug: string }) => c.slug)).toEqual(["google", "meta", "openai", "amazon"]);
    const google = body.data[0];
    expect(google.focusAreas).toEqual(["ML algorithms depth", "System design at scale", "Coding efficiency"]);
    expect(google.questionCount).toBeGreaterThan(0);
    expect(google.interview.rounds.length).toBeGreaterThan(0);
  });

  it("answers one company with summaries of its questions", async () => {
    const { body } = await getJson(app, "/v1/companies/meta");
    expect(companyDetailSchema.safeParse(body).success).toBe(true);
    expect(body.questions).toHaveLength(body.questionCount);
    expect(body.questions.every((q: { companies: Array<{ slug: string }> }) => q.companies.some((c) => c.slug === "meta"))).toBe(true);
    expect((await app.request("/v1/companies/initech")).status).toBe(404);
  });
});

describe("GET /v1/prep-plan", () => {
  it("answers the 8-week plan as four two-week phases with tasks linked to categories", async () => {
    const { body } = await getJson(app, "/v1/prep-plan");
    expect(prepPlanSchema.safeParse(body).success).toBe(true);
    expect(body.weeks).toBe(8);
    expect(body.phases.map((p: { weeks: number[] }) => p.weeks)).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
      [7, 8],
    ]);
    expect(body.phases.map((p: { title: string }) => p.title)).toEqual([
      "ML Fundamentals Review",
      "Deep Learning Deep Dive",
      "Coding Practice",
      "System Design",
    ]);
    const task = body.phases[0].tasks[1];
    expect(task).toEqual({
      title: "Practice bias-variance, regularization",
      category: { slug: "ml-algorithms-theory", name: "ML Algorithms & Theory" },
    });
  });
});

describe("GET /v1/resources", () => {
  it("answers the resources with price ranges, currencies and periods, and the total investment", async () => {
    const { body } = await getJson(app, "/v1/resources");
    expect(resourceListSchema.safeParse(body).success).toBe(true);
    const byName = Object.fromEntries(body.data.map((r: { name: string }) => [r.name, r]));
    expect(byName["LeetCode Premium"].price).toEqual({ min: 35, max: 35, currency: "USD", period: "month" });
    expect(byName["Mock interviews (interviewing.io)"].price).toEqual({ min: 150, max: 300, currency: "USD", period: "session" });
    expect(byName["Cracking the ML Interview"].kind).toBe("book");
    expect(body.totalInvestment).toEqual({ min: 300, max: 500, currency: "USD" });
  });
});

describe("GET /health", () => {
  it("says the database answers and how many questions are loaded", async () => {
    const { status, body, res } = await getJson(app, "/health");
    expect(status).toBe(200);
    expect(body).toEqual({ status: "ok", database: "ok", questions: expect.any(Number) });
    expect(res.headers.get("cache-control")).toBe("no-store");
  });
});

describe("conventions on every route", () => {
  const reads = [
    "/v1/questions",
    "/v1/questions/bias-variance-tradeoff",
    "/v1/questions/daily",
    "/v1/categories",
    "/v1/companies/google",
    "/v1/prep-plan",
    "/v1/resources",
  ];

  it.each(reads)("%s sends ETag and Cache-Control, and 304 for a matching If-None-Match", async (path) => {
    const first = await app.request(path);
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^(W\/)?"[^"]+"$/);
    expect(first.headers.get("cache-control")).toMatch(/max-age=\d+/);
    const again = await app.request(path, { headers: { "If-None-Match": etag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
  });

  it.each(reads)("%s allows any origin and exposes the headers clients need", async (path) => {
    const res = await app.request(path, { headers: { Origin: "https://widget.example" } });
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-expose-headers")).toContain("ETag");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("answers CORS preflights", async () => {
    const res = await app.request("/v1/questions", {
      method: "OPTIONS",
      headers: { Origin: "https://app.example", "Access-Control-Request-Method": "GET" },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-methods")).toContain("GET");
  });

  it("gives every response a request id, keeping a valid incoming one", async () => {
    const generated = await app.request("/v1/categories");
    expect(generated.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await app.request("/v1/categories", { headers: { "X-Request-Id": "client-req-42" } });
    expect(kept.headers.get("x-request-id")).toBe("client-req-42");
    const replaced = await app.request("/nope", { headers: { "X-Request-Id": "bad id\twith spaces" } });
    expect(replaced.headers.get("x-request-id")).not.toBe("bad id\twith spaces");
    const problem = await replaced.json();
    expect(problem.requestId).toBe(replaced.headers.get("x-request-id"));
  });

  it("answers an unknown path with 404 problem+json", async () => {
    const { res, body } = await getJson(app, "/v2/questions");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(problemSchema.parse(body).code).toBe("not-found");
  });

  it.each(["POST", "PUT", "DELETE", "PATCH"])("answers %s on a read route with 405 and Allow", async (method) => {
    const res = await app.request("/v1/questions/bias-variance-tradeoff", { method, body: method === "DELETE" ? undefined : "{}" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, HEAD");
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });

  it("answers HEAD like GET without a body", async () => {
    const res = await app.request("/v1/categories", { method: "HEAD" });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
  });

  it("limits request bodies with 413 problem+json", async () => {
    const res = await app.request("/v1/questions", { method: "POST", body: "x".repeat(100_000), headers: { "Content-Type": "application/json" } });
    expect(res.status).toBe(413);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });

  it("serves the problem types it names", async () => {
    const { body } = await getJson(app, "/v1/questions?limit=0");
    const type = await getJson(app, body.type);
    expect(type.status).toBe(200);
    expect(type.body).toMatchObject({ code: "validation-failed", status: 400 });
  });

  it("serves an interactive reference at /docs that loads Scalar from our own origin", async () => {
    const res = await app.request("/docs");
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('src="/docs/scalar.js"');
    expect(html).toContain("/openapi.json");
    expect(html).not.toMatch(/cdn\.jsdelivr|unpkg\.com/);
  });
});

describe("a database that stops answering", () => {
  it("turns every read into 503 problem+json with Retry-After, and /health says so", async () => {
    const client = await createTestDatabase();
    const broken = createTestApp(client);
    client.close();
    for (const path of ["/v1/questions", "/v1/questions/bias-variance-tradeoff", "/v1/categories", "/health"]) {
      const { res, body } = await getJson(broken, path);
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("5");
      expect(body.code).toBe("database-unavailable");
    }
  });
});
