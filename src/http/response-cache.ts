import { sql } from "drizzle-orm";
import type { MiddlewareHandler } from "hono";
import type { Store } from "hono-rate-limiter";
import type { AppEnv, Services } from "../app-env.js";
import type { Database } from "../db/client.js";
import { RATE_LIMIT_HEADERS, RATE_LIMIT_WINDOW_SECONDS } from "./access.js";

// The Node server's response cache. Content changes only when it is reloaded, so a public read
// is computed once per content version and then answered from memory: the stored bytes and
// headers of the answer the full middleware chain produced, with this request's own id and
// rate-limit state. The limiter still counts every request, conditional requests still get
// their 304, and a content reload (the seed hash in content_meta changes, from this process or
// another one) empties the cache before the next request is answered from it.

export interface ResponseCacheOptions {
  db: Database;
  /** How often the content version is re-read, in ms (a reload is noticed within this). */
  versionCheckMs?: number;
  /** Upper bound on the bytes of stored bodies; the oldest entries go first. */
  maxBytes?: number;
}

// A Uint8Array body and plain-object headers keep @hono/node-server on its fast path (it writes
// them straight to the socket instead of building a WHATWG Response).
type HeaderRecord = Record<string, string>;

interface Entry {
  body: Uint8Array;
  headers: HeaderRecord;
  etag: string | null;
  /** The headers of this answer's 304, once one has been seen. */
  notModified?: HeaderRecord;
  expiresAt: number;
}

// Per request or per caller: never stored.
const PER_REQUEST = new Set(["x-request-id", "retry-after", ...RATE_LIMIT_HEADERS.map((h) => h.toLowerCase())]);
const REQUEST_ID = /^[\w\-=]{1,128}$/;

export interface ResponseCache {
  middleware: (store: Store<AppEnv>, services: Pick<Services, "anonRateLimitPerMinute" | "clientAddress">) => MiddlewareHandler<AppEnv>;
  /** Re-reads the content version now; empties the cache when it changed. */
  checkVersion: () => Promise<void>;
  clear: () => void;
  stop: () => void;
  readonly size: number;
}

function maxAgeMs(cacheControl: string): number | null {
  if (!/\bpublic\b/.test(cacheControl) || /\b(no-store|no-cache|private)\b/.test(cacheControl)) return null;
  const maxAge = /\bmax-age=(\d+)/.exec(cacheControl);
  return maxAge ? Number(maxAge[1]) * 1000 : null;
}

function etagMatches(etag: string, ifNoneMatch: string): boolean {
  if (ifNoneMatch.trim() === "*") return true;
  const expected = etag.replace(/^W\//, "");
  return ifNoneMatch.match(/"[^"]*"/g)?.some((tag) => tag === expected) ?? false;
}

export function createResponseCache(options: ResponseCacheOptions): ResponseCache {
  const entries = new Map<string, Entry>();
  const maxBytes = options.maxBytes ?? 32 * 1024 * 1024;
  let bytes = 0;
  let version: string | undefined;

  const clear = () => {
    entries.clear();
    bytes = 0;
  };
  const remove = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    bytes -= entry.body.byteLength;
  };
  const checkVersion = async () => {
    const [row] = await options.db.all<{ value: string }>(sql`SELECT value FROM content_meta WHERE key = 'seed-hash'`);
    const current = row?.value ?? "";
    if (current !== version) {
      clear();
      version = current;
    }
  };
  let checking: Promise<void> | undefined;
  const timer = setInterval(() => {
    checking ??= checkVersion()
      .catch(() => clear()) // the database is unreachable: answer nothing from memory until it is back
      .finally(() => (checking = undefined));
  }, options.versionCheckMs ?? 1000);
  timer.unref?.();

  const middleware = (store: Store<AppEnv>, services: Pick<Services, "anonRateLimitPerMinute" | "clientAddress">): MiddlewareHandler<AppEnv> =>
    async function responseCache(c, next) {
      // On Node, read the request straight from node:http: building a WHATWG Request costs more
      // than answering from the cache.
      const incoming = (c.env as { incoming?: { method?: string; url?: string; headers: Record<string, string | string[] | undefined> } } | undefined)
        ?.incoming;
      const header = (name: string) => {
        if (!incoming) return c.req.header(name) ?? null;
        const value = incoming.headers[name];
        return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
      };
      if (c.req.method !== "GET" || header("authorization") !== null || version === undefined) return next();
      const key = incoming?.url ?? c.req.url;
      const entry = entries.get(key);
      if (!entry || entry.expiresAt <= Date.now()) {
        if (entry) remove(key);
        return fill(c, next, key, version);
      }
      const ifNoneMatch = header("if-none-match");
      const conditional = ifNoneMatch !== null && entry.etag !== null && etagMatches(entry.etag, ifNoneMatch);
      if (conditional && !entry.notModified) return fill(c, next, key, version);

      // Counted exactly like the limiter counts an anonymous request.
      const limit = services.anonRateLimitPerMinute;
      const bucket = `ip:${services.clientAddress(c)}`;
      const { totalHits, resetTime } = await store.increment(bucket);
      if (totalHits > limit) {
        // Let the full chain answer the 429 (and count it: give this hit back first).
        await store.decrement(bucket);
        return next();
      }
      const headers: HeaderRecord = { ...(conditional ? entry.notModified : entry.headers) };
      const incomingId = header("x-request-id");
      headers["x-request-id"] = incomingId !== null && REQUEST_ID.test(incomingId) ? incomingId : crypto.randomUUID();
      headers["ratelimit-policy"] = `${limit};w=${RATE_LIMIT_WINDOW_SECONDS}`;
      headers["ratelimit-limit"] = String(limit);
      headers["ratelimit-remaining"] = String(Math.max(limit - totalHits, 0));
      const reset = resetTime ? Math.max(0, Math.ceil((resetTime.getTime() - Date.now()) / 1000)) : 0;
      if (reset) headers["ratelimit-reset"] = String(reset);
      return new Response((conditional ? null : entry.body) as BodyInit | null, { status: conditional ? 304 : 200, headers });
    };

  async function fill(c: Parameters<MiddlewareHandler<AppEnv>>[0], next: () => Promise<void>, key: string, forVersion: string) {
    await next();
    const res = c.res;
    if (forVersion !== version) return; // the content changed while this request was answered
    const headers: HeaderRecord = {};
    for (const [name, value] of res.headers) if (!PER_REQUEST.has(name)) headers[name] = value;
    if (res.status === 304) {
      const entry = entries.get(key);
      if (entry && entry.etag === res.headers.get("ETag")) entry.notModified = headers;
      return;
    }
    const ttl = res.status === 200 ? maxAgeMs(res.headers.get("Cache-Control") ?? "") : null;
    const vary = res.headers.get("Vary");
    if (!ttl || (vary && !/^\s*accept-encoding\s*$/i.test(vary))) return;
    const body = new Uint8Array(await res.clone().arrayBuffer());
    if (body.byteLength > maxBytes / 16) return;
    remove(key);
    entries.set(key, { body, headers, etag: res.headers.get("ETag"), expiresAt: Date.now() + ttl });
    bytes += body.byteLength;
    for (const oldest of entries.keys()) {
      if (bytes <= maxBytes) break;
      remove(oldest);
    }
  }

  return {
    middleware,
    checkVersion: () => {
      checking ??= checkVersion().finally(() => (checking = undefined));
      return checking;
    },
    clear,
    stop: () => clearInterval(timer),
    get size() {
      return entries.size;
    },
  };
}
