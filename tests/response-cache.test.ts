import type { Client } from "@libsql/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { createDatabase } from "../src/db/client.js";
import { nodeHmacSha256 } from "../src/node/hmac.js";
import { createResponseCache, type ResponseCache } from "../src/node/response-cache.js";
import { createTestDatabase, FIXED_NOW, TEST_ADMIN_KEY, TEST_SECRET } from "./helpers.js";

// The Node server's in-memory response cache: answers stay exact (ETag, 304, rate-limit
// headers, request ids), the limiter still counts, and a content reload empties it.

let client: Client;
let cache: ResponseCache;

function appWith(options: { anonRateLimitPerMinute?: number; withCache?: boolean } = {}) {
  return createApp({
    hmacSha256: nodeHmacSha256,
    db: createDatabase(client),
    config: {
      publicUrl: "http://api.test",
      signingSecret: TEST_SECRET,
      adminApiKey: TEST_ADMIN_KEY,
      anonRateLimitPerMinute: options.anonRateLimitPerMinute ?? 1_000_000,
    },
    clock: () => FIXED_NOW,
    clientAddress: (c) => c.req.header("X-Test-Client") ?? "test-client",
    ...(options.withCache === false ? {} : { responseCache: cache }),
  });
}

/**
 * Everything a client can compare: status, body and headers, without this request's id and limit
 * state (and Content-Length, which only the cache sets in-process: checked against the body here).
 */
async function observed(res: Response) {
  const body = await res.text();
  const length = res.headers.get("content-length");
  if (length !== null) expect(Number(length)).toBe(new TextEncoder().encode(body).byteLength);
  const headers = [...res.headers]
    .filter(([n]) => n !== "x-request-id" && n !== "content-length" && !n.startsWith("ratelimit"))
    .sort(([a], [b]) => a.localeCompare(b));
  return { status: res.status, headers, body };
}

beforeEach(async () => {
  client = await createTestDatabase();
  cache = createResponseCache({ db: createDatabase(client), versionCheckMs: 60_000 });
  await cache.checkVersion();
});
afterEach(() => cache.stop());

/** Changes a stored answer behind the app's back: only a cached response can still show the old one. */
async function editCategoryDescription(text: string) {
  await client.execute({ sql: "UPDATE categories SET description = ? WHERE slug = 'coding'", args: [text] });
}

describe("the response cache", () => {
  it("never stores a URL whose parameters its route does not declare, and stays within a budget that counts keys and headers", async () => {
    cache.stop();
    cache = createResponseCache({ db: createDatabase(client), versionCheckMs: 60_000, maxBytes: 256 * 1024 });
    await cache.checkVersion();
    const app = appWith();
    // Invented parameters: answered (or refused) by the app, never a new entry.
    for (let i = 0; i < 300; i++) {
      for (const url of [
        `/v1/categories?p=${i}&pad=${"x".repeat(500)}`,
        `/v1/prep-plan?p=${i}`,
        `/problems/not-found?p=${i}`,
        `/v1/questions?limit=5&bogus=${i}`,
        `/widget.js?p=${i}`,
        `/embed/embed.css?p=${i}`,
        `/oembed?url=${encodeURIComponent("http://api.test/embed/questions/bias-variance-tradeoff")}&p=${i}`,
      ]) {
        const res = await app.request(url);
        expect(res.status, url).toBeLessThan(500);
      }
    }
    expect(cache.size).toBe(0);
    // The same URLs without the invented parameter are stored as usual.
    for (const url of ["/v1/categories", "/v1/prep-plan", "/widget.js", "/embed/embed.css"]) expect((await app.request(url)).status).toBe(200);
    expect(cache.size).toBe(4);
    // Declared parameters are stored, but thousands of distinct ones stay within the budget.
    const tags = ["transformers", "sql", "pytorch", "bandits", "behavioral", "regularization"];
    for (let i = 0; i < 600; i++) {
      const res = await app.request(`/v1/questions?limit=${1 + (i % 100)}&tag=${tags[i % tags.length]}&sort=${["id", "title", "newest"][i % 3]}`);
      expect(res.status).toBe(200);
    }
    expect(cache.bytes).toBeLessThanOrEqual(256 * 1024);
    expect(cache.size).toBeGreaterThan(0);
    expect(cache.size).toBeLessThan(600);
  });

  it("answers a repeated public read from memory, with the same bytes, ETag and headers", async () => {
    const app = appWith();
    const first = await app.request("/v1/categories/coding");
    await editCategoryDescription("changed behind the cache");
    const second = await app.request("/v1/categories/coding");
    expect(second.status).toBe(200);
    expect(await second.text()).toBe(await first.text());
    for (const name of ["ETag", "Cache-Control", "Content-Type", "Content-Security-Policy", "Access-Control-Allow-Origin", "X-Frame-Options"]) {
      expect(second.headers.get(name), name).toBe(first.headers.get(name));
    }
    expect(cache.size).toBe(1);
  });

  it("gives every cached answer this request's id and rate-limit state", async () => {
    const app = appWith({ anonRateLimitPerMinute: 50 });
    const first = await app.request("/v1/categories");
    const second = await app.request("/v1/categories", { headers: { "X-Request-Id": "client-chosen-id" } });
    const third = await app.request("/v1/categories");
    expect(first.headers.get("RateLimit-Remaining")).toBe("49");
    expect(second.headers.get("RateLimit-Remaining")).toBe("48");
    expect(third.headers.get("RateLimit-Remaining")).toBe("47");
    expect(third.headers.get("RateLimit-Policy")).toBe("50;w=60");
    expect(second.headers.get("X-Request-Id")).toBe("client-chosen-id");
    expect(third.headers.get("X-Request-Id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(third.headers.get("X-Request-Id")).not.toBe(first.headers.get("X-Request-Id"));
  });

  it("still answers 304 to If-None-Match, with the same headers as without the cache", async () => {
    const app = appWith();
    const first = await app.request("/v1/questions?limit=3");
    const etag = first.headers.get("ETag")!;
    const uncached304 = await app.request("/v1/questions?limit=3", { headers: { "If-None-Match": etag } });
    const cached304 = await app.request("/v1/questions?limit=3", { headers: { "If-None-Match": `W/${etag}, "other"` } });
    for (const res of [uncached304, cached304]) {
      expect(res.status).toBe(304);
      expect(await res.text()).toBe("");
      expect(res.headers.get("ETag")).toBe(etag);
    }
    const names = (res: Response) => [...res.headers.keys()].filter((n) => n !== "x-request-id" && !n.startsWith("ratelimit")).sort();
    expect(names(cached304)).toEqual(names(uncached304));
    const stale = await app.request("/v1/questions?limit=3", { headers: { "If-None-Match": '"not-it"' } });
    expect(stale.status).toBe(200);
  });

  it("keeps counting: over the limit a cached read is a 429 problem", async () => {
    const app = appWith({ anonRateLimitPerMinute: 3 });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await app.request("/v1/categories")).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const limited = await app.request("/v1/categories");
    expect(limited.headers.get("Content-Type")).toBe("application/problem+json");
    expect(limited.headers.get("Retry-After")).toBeTruthy();
    expect(limited.headers.get("RateLimit-Remaining")).toBe("0");
    // Another address is unaffected and still served from the cache.
    expect((await app.request("/v1/categories", { headers: { "X-Test-Client": "elsewhere" } })).status).toBe(200);
  });

  it("never stores no-store answers, errors, or answers to keyed requests", async () => {
    const app = appWith();
    await app.request("/v1/questions/random?count=1");
    await app.request("/v1/questions/no-such-question");
    await app.request("/v1/questions?limit=500");
    await app.request("/health");
    expect(cache.size).toBe(0);
    const keyed = await app.request("/v1/categories/coding", { headers: { Authorization: "Bearer sk_0000000000000000000000000000000A" } });
    expect(keyed.status).toBe(401); // a forged key is refused, not answered from the cache
    expect(cache.size).toBe(0);
  });

  it("is emptied when the content version changes (a reload from any process)", async () => {
    const app = appWith();
    await app.request("/v1/categories/coding");
    await editCategoryDescription("Reloaded description");
    await client.execute("UPDATE content_meta SET value = 'reloaded' WHERE key = 'seed-hash'");
    await cache.checkVersion();
    const res = await app.request("/v1/categories/coding");
    expect(((await res.json()) as { description: string }).description).toBe("Reloaded description");
  });

  it("lets cached answers expire with their max-age", async () => {
    const app = appWith();
    await app.request("/v1/categories/coding");
    expect(cache.size).toBe(1);
    const realNow = Date.now;
    Date.now = () => realNow() + 301_000; // past max-age=300
    try {
      await editCategoryDescription("After max-age");
      const res = await app.request("/v1/categories/coding");
      expect(((await res.json()) as { description: string }).description).toBe("After max-age");
    } finally {
      Date.now = realNow;
    }
  });

  it("deals random decks directly once the app has answered one, with the same answers and rules", async () => {
    const app = appWith({ anonRateLimitPerMinute: 1000 });
    const first = await app.request("/v1/questions/random?count=5&category=coding");
    const template = [...first.headers.keys()].filter((n) => n !== "x-request-id" && !n.startsWith("ratelimit")).sort();
    const seen = new Set<number>();
    let deck: string | null = null;
    let direct = 0;
    do {
      const res = await app.request(`/v1/questions/random?count=5&category=coding${deck ? `&deck=${encodeURIComponent(deck)}` : ""}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("Cache-Control")).toBe("no-store");
      expect(res.headers.get("ETag")).toBeNull();
      const names = [...res.headers.keys()].filter((n) => n !== "x-request-id" && !n.startsWith("ratelimit") && n !== "content-length").sort();
      expect(names).toEqual(template.filter((n) => n !== "content-length"));
      if (!deck) direct++;
      const text = await res.text();
      if (res.headers.has("content-length")) expect(Number(res.headers.get("content-length"))).toBe(new TextEncoder().encode(text).byteLength);
      const body = JSON.parse(text) as { data: Array<{ id: number; category: { slug: string } }>; deck: string | null };
      for (const q of body.data) {
        expect(q.category.slug).toBe("coding");
        expect(seen.has(q.id)).toBe(false); // a deck never repeats, whichever path dealt it
        seen.add(q.id);
      }
      deck = body.deck;
    } while (deck);
    const coding = await client.execute("SELECT count(*) AS n FROM questions WHERE category_slug = 'coding'");
    expect(seen.size).toBe(Number(coding.rows[0]?.n)); // the whole category, each question once
    expect(direct).toBe(1);
    // Two new decks are two different shuffles.
    const [a, b] = await Promise.all(
      [1, 2].map(async () => (await app.request("/v1/questions/random?count=20")).json() as Promise<{ data: Array<{ id: number }> }>),
    );
    expect(a!.data.map((q) => q.id)).not.toEqual(b!.data.map((q) => q.id));
    // Anything the app would refuse is still refused by the app.
    for (const bad of ["count=0", "count=1&count=2", "category=astrology", "deck=forged", "colour=blue"]) {
      const res = await app.request(`/v1/questions/random?${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.headers.get("Content-Type")).toBe("application/problem+json");
    }
  });

  it("computes list pages, cursor walks and question details from the model, with the bytes and headers the app gives", async () => {
    const fast = appWith();
    const plain = appWith({ withCache: false });
    // The first answer of each route is the app's: its headers become the template.
    for (const url of ["/v1/questions?limit=2", "/v1/questions/bias-variance-tradeoff", "/v1/questions?q=warm"]) await fast.request(url);
    const before = cache.computed;
    const urls = [
      "/v1/questions?limit=7",
      "/v1/questions?category=coding&limit=3&sort=title",
      "/v1/questions?difficulty=hard&sort=newest&limit=11",
      "/v1/questions?tag=transformers&sort=difficulty&limit=4",
      "/v1/questions?company=google&limit=50",
      "/v1/questions?q=attention&limit=3",
      "/v1/questions?q=k-means%20clustering&category=ml-algorithms-theory&limit=2",
      "/v1/questions?q=regularisation&sort=title&limit=4",
    ];
    let compared = 0;
    for (const start of urls) {
      // Walk every page by its Link header, comparing each with the app's own answer.
      let url: string | null = start;
      while (url) {
        const a = await observed(await fast.request(url));
        const b = await observed(await plain.request(url));
        expect(a, url).toEqual(b);
        expect(a.status).toBe(200);
        compared++;
        const link = a.headers.find(([n]) => n === "link")?.[1];
        url = link ? (/<http:\/\/api\.test([^>]+)>/.exec(link)?.[1] ?? null) : null;
      }
    }
    const slugs = ((await (await plain.request("/v1/questions?limit=40")).json()) as { data: Array<{ slug: string; id: number }> }).data;
    for (const { slug, id } of slugs) {
      for (const url of [`/v1/questions/${slug}`, `/v1/questions/${id}`, `/v1/questions/${slug}`]) {
        expect(await observed(await fast.request(url)), url).toEqual(await observed(await plain.request(url)));
        compared++;
      }
    }
    // Most of those came from the model: every list page, and each detail once its JSON was built.
    expect(cache.computed - before).toBeGreaterThan(compared / 2);
    // A conditional request still gets the app's 304; anything the app refuses is still refused.
    const etag = (await fast.request("/v1/questions?limit=7")).headers.get("ETag") as string;
    expect((await fast.request("/v1/questions?limit=7", { headers: { "If-None-Match": etag } })).status).toBe(304);
    for (const bad of ["limit=0", "limit=1&limit=2", "category=astrology", "cursor=forged", "sort=relevance", "colour=blue"]) {
      const res = await fast.request(`/v1/questions?${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.headers.get("Content-Type")).toBe("application/problem+json");
    }
    expect((await fast.request("/v1/questions/no-such-question")).status).toBe(404);
    // A client asking for Markdown gets Markdown, never the JSON the model keeps.
    const markdown = await fast.request(`/v1/questions/${slugs[0]?.slug}`, { headers: { Accept: "text/markdown" } });
    expect(markdown.headers.get("Content-Type")).toMatch(/^text\/markdown/);
    expect(await markdown.text()).toMatch(/^# /);
  });
});
