import type { Client } from "@libsql/client";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { createDatabase } from "../src/db/client.js";
import type { EdgeCacheStore } from "../src/http/edge-cache.js";
import { createTestDatabase, FIXED_NOW, TEST_SECRET } from "./helpers.js";

// The Workers edge cache (the Cache API), here over a store that keeps what it is given the way
// caches.default does: by URL. Only URLs made of declared parameters become entries.

let client: Client;
beforeAll(async () => {
  client = await createTestDatabase();
});

function appWithEdgeCache() {
  const stored = new Map<string, Response>();
  const pending: Promise<unknown>[] = [];
  const cache: EdgeCacheStore = {
    match: async (request) => stored.get(request.url)?.clone(),
    put: async (request, response) => void stored.set(request.url, response),
  };
  const app = createApp({
    db: createDatabase(client),
    config: { publicUrl: "http://api.test", signingSecret: TEST_SECRET, anonRateLimitPerMinute: 1_000_000 },
    clock: () => FIXED_NOW,
    edgeCache: { cache, versionTtlMs: 60_000, waitUntil: (_c, work) => void pending.push(work) },
  });
  return { app, stored, settled: () => Promise.all(pending) };
}

describe("the edge cache", () => {
  it("stores public reads by URL and answers them again from the cache", async () => {
    const { app, stored, settled } = appWithEdgeCache();
    expect((await app.request("/v1/categories")).headers.get("X-Edge-Cache")).toBe("MISS");
    await settled();
    expect(stored.size).toBe(1);
    const hit = await app.request("/v1/categories");
    expect(hit.headers.get("X-Edge-Cache")).toBe("HIT");
    expect((await hit.json()).data.length).toBeGreaterThan(0);
  });

  it("never stores a URL with a parameter its route does not declare, on any route", async () => {
    const { app, stored, settled } = appWithEdgeCache();
    for (let i = 0; i < 50; i++) {
      for (const url of [
        `/v1/categories?p=${i}&pad=${"x".repeat(300)}`,
        `/v1/prep-plan?p=${i}`,
        `/v1/questions?limit=5&bogus=${i}`,
        `/problems/not-found?p=${i}`,
        `/widget.js?p=${i}`,
        `/embed/embed.css?p=${i}`,
        `/oembed?url=${encodeURIComponent("http://api.test/embed/questions/bias-variance-tradeoff")}&p=${i}`,
      ]) {
        const res = await app.request(url);
        expect(res.status, url).toBeLessThan(500);
        expect(res.headers.get("X-Edge-Cache"), url).toBeNull();
      }
    }
    await settled();
    expect(stored.size).toBe(0);
    // Declared parameters are kept as before.
    await app.request("/v1/questions?limit=5&category=coding");
    await settled();
    expect([...stored.keys()]).toEqual([expect.stringContaining("/v1/questions?limit=5&category=coding&__content=")]);
  });
});
