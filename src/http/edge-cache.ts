import { sql } from "drizzle-orm";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env.js";
import { RATE_LIMIT_HEADERS } from "./access.js";
import { type DeclaredQueries, onlyDeclaredParameters, sharedCacheLifetime } from "./cacheability.js";
import { prefersMarkdown } from "./negotiate.js";

// The Workers edge cache (Cache API) in front of public reads. Every cache key carries the
// content version (the seed hash the loader stores), so reloading the content makes every cached
// answer unreachable at once instead of letting each one age out on its own.

/** The part of the Workers Cache API we use (`caches.default`). */
export interface EdgeCacheStore {
  match(request: Request): Promise<Response | undefined>;
  put(request: Request, response: Response): Promise<void>;
}

export interface EdgeCacheOptions {
  cache: EdgeCacheStore;
  /** How long an isolate trusts the content version it read, before reading it again. */
  versionTtlMs: number;
  /** Keeps the Worker alive until the cache write is done, without delaying the response. */
  waitUntil: (c: Parameters<MiddlewareHandler<AppEnv>>[0], work: Promise<unknown>) => void;
}

// Per-request and per-caller headers: never stored, set afresh on every answer.
const UNCACHED_HEADERS = ["X-Request-Id", "Set-Cookie", ...RATE_LIMIT_HEADERS, "Retry-After"];

/** `declared` says which query parameters each route takes: a URL with any other is never stored. */
export function edgeCache(options: EdgeCacheOptions, declared: DeclaredQueries): MiddlewareHandler<AppEnv> {
  let version: { value: string; readAt: number } | undefined;

  async function contentVersion(c: Parameters<MiddlewareHandler<AppEnv>>[0]): Promise<string> {
    const now = Date.now();
    if (!version || now - version.readAt > options.versionTtlMs) {
      const [row] = await c.get("services").db.all<{ value: string }>(sql`SELECT value FROM content_meta WHERE key = 'seed-hash'`);
      version = { value: row?.value ?? "empty", readAt: now };
    }
    return version.value;
  }

  return async (c, next) => {
    if (c.req.method !== "GET") return next();
    const url = new URL(c.req.url);
    // Invented parameters are answered by the app but neither looked up nor stored.
    if (!onlyDeclaredParameters(url.pathname + url.search, declared)) return next();
    url.searchParams.set("__content", await contentVersion(c));
    // JSON and Markdown of one URL are two entries (the answers say `Vary: Accept`).
    const markdown = prefersMarkdown(c.req.header("Accept"));
    if (markdown) url.searchParams.set("__representation", "markdown");
    const key = new Request(url.toString(), { method: "GET" });

    const hit = await options.cache.match(key);
    if (hit) {
      // Through the context, so the caller's rate-limit headers are added to the stored answer.
      return c.body(await hit.arrayBuffer(), 200, { ...Object.fromEntries(hit.headers), "X-Edge-Cache": "HIT" });
    }
    await next();
    if (!sharedCacheLifetime(c.res, markdown)) return;
    const stored = c.res.clone();
    const headers = new Headers(stored.headers);
    for (const name of UNCACHED_HEADERS) headers.delete(name);
    options.waitUntil(
      c,
      options.cache.put(key, new Response(stored.body, { status: 200, headers })).catch(() => undefined),
    );
    c.res.headers.set("X-Edge-Cache", "MISS");
  };
}
