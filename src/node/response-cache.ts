import { sql } from "drizzle-orm";
import type { MiddlewareHandler } from "hono";
import type { ClientRateLimitInfo, Store } from "hono-rate-limiter";
import type { AppEnv, DynamicRead, ResponseCacheHook, Services } from "../app-env.js";
import type { Database } from "../db/client.js";
import { RATE_LIMIT_HEADERS, RATE_LIMIT_WINDOW_SECONDS } from "../http/access.js";
import { type DeclaredQueries, onlyDeclaredParameters, sharedCacheLifetime } from "../http/cacheability.js";

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
  /**
   * Upper bound on everything stored: bodies, URL keys and headers, plus a per-entry overhead;
   * the oldest entries go first, so memory stays bounded whatever URLs clients invent.
   */
  maxBytes?: number;
}

// What an entry costs beyond its bytes: the Map slot, the object and its arrays.
const ENTRY_OVERHEAD = 256;

// Headers as a flat [name, value, name, value, …] list: what node:http's writeHead takes with the
// least work, and cheap to extend per request.
type HeaderList = string[];
type MaybePromise<T> = T | Promise<T>;

interface Entry {
  /** What this entry counts against the budget. */
  cost: number;
  body: Uint8Array;
  headers: HeaderList;
  etag: string | null;
  /** The headers of this answer's 304, once one has been seen. */
  notModified?: HeaderList;
  expiresAt: number;
}

// Per request or per caller: never stored.
const PER_REQUEST = new Set(["x-request-id", "retry-after", ...RATE_LIMIT_HEADERS.map((h) => h.toLowerCase())]);
const REQUEST_ID = /^[\w\-=]{1,128}$/;

// The policy and limit headers of a limit, written once rather than on every request.
const policies = new Map<number, { policy: string; limit: string }>();
function policyOf(limit: number): { policy: string; limit: string } {
  let policy = policies.get(limit);
  if (!policy) {
    policy = { policy: `${limit};w=${RATE_LIMIT_WINDOW_SECONDS}`, limit: String(limit) };
    if (policies.size < 100) policies.set(limit, policy);
  }
  return policy;
}

const NodeBuffer = (globalThis as { Buffer?: { byteLength(text: string): number } }).Buffer;

/** UTF-8 byte length of a string, without encoding it (the socket write encodes it once). */
function utf8Length(text: string): number {
  if (NodeBuffer) return NodeBuffer.byteLength(text);
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 2; // a surrogate pair: 4 bytes for 2 UTF-16 units
      i++;
    } else bytes += 2;
  }
  return bytes;
}

/** What the cache needs to know of a request, from a WHATWG Request or straight from node:http. */
export interface CacheRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  header: (name: string) => string | null;
  address: string;
}

export interface Limiter {
  store: Store<AppEnv>;
  limit: number;
}

export interface CachedAnswer {
  status: 200 | 304;
  headers: HeaderList;
  /** Stored bytes, or a computed answer's JSON (written as UTF-8). */
  body: Uint8Array | string | null;
}

function withoutContentLength(list: HeaderList): HeaderList {
  const out: HeaderList = [];
  for (let i = 0; i < list.length; i += 2) if (list[i] !== "content-length") out.push(list[i] as string, list[i + 1] as string);
  return out;
}

function pairs(list: HeaderList): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i < list.length; i += 2) out.push([list[i] as string, list[i + 1] as string]);
  return out;
}

function pathAndQuery(url: string): string {
  const start = url.indexOf("/", url.indexOf("//") + 2);
  return start === -1 ? "/" : url.slice(start);
}

/** The response cache: the app's hook (ResponseCacheHook) plus what the Node server uses directly. */
export interface ResponseCache extends ResponseCacheHook {
  answer: (request: CacheRequest, limiter: Limiter) => MaybePromise<CachedAnswer | null>;
  /** What the stored entries count against the budget, in bytes. */
  readonly bytes: number;
  /** Re-reads the content version now; empties the cache when it changed. */
  checkVersion: () => Promise<void>;
  clear: () => void;
  stop: () => void;
  readonly size: number;
}

function etagMatches(etag: string, ifNoneMatch: string): boolean {
  if (ifNoneMatch.trim() === "*") return true;
  const expected = etag.replace(/^W\//, "");
  return ifNoneMatch.match(/"[^"]*"/g)?.some((tag) => tag === expected) ?? false;
}

export function createResponseCache(options: ResponseCacheOptions): ResponseCache {
  const entries = new Map<string, Entry>();
  const maxBytes = options.maxBytes ?? 8 * 1024 * 1024;
  let declared: DeclaredQueries = () => null;
  let bytes = 0;
  let version: string | undefined;

  const memos = new Map<string, Promise<unknown>>();
  const resolved = new Map<string, unknown>();
  // Reads answered by a function rather than stored bytes (random decks), with the headers the
  // full app sent on such an answer: captured from its first 200, per content version.
  const dynamics = new Map<string, { compute: DynamicRead; headers?: HeaderList }>();
  const clear = () => {
    entries.clear();
    memos.clear();
    resolved.clear();
    for (const dynamic of dynamics.values()) delete dynamic.headers;
    bytes = 0;
  };
  const remove = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    bytes -= entry.cost;
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

  /**
   * This request's answer from memory, or null when the full chain must answer it (nothing
   * stored, a keyed request, a 304 not seen yet, or a client over its limit). Synchronous when it
   * can be (a stored answer, counters in memory): every promise here is paid on every read.
   */
  function answer(request: CacheRequest, limiter: Limiter): MaybePromise<CachedAnswer | null> {
    if (request.method !== "GET" || version === undefined || request.header("authorization") !== null) return null;
    const entry = entries.get(request.url);
    if (!entry) return answerDynamic(request, limiter);
    if (entry.expiresAt <= Date.now()) {
      remove(request.url);
      return null;
    }
    const ifNoneMatch = request.header("if-none-match");
    const conditional = ifNoneMatch !== null && entry.etag !== null && etagMatches(entry.etag, ifNoneMatch);
    if (conditional && !entry.notModified) return null;
    const toAnswer = (headers: HeaderList | null): CachedAnswer | null =>
      headers && (conditional ? { status: 304, headers, body: null } : { status: 200, headers, body: entry.body });
    const headers = perRequest(conditional ? (entry.notModified as HeaderList) : entry.headers, request, limiter);
    return headers instanceof Promise ? headers.then(toAnswer) : toAnswer(headers);
  }

  function answerDynamic(request: CacheRequest, limiter: Limiter): MaybePromise<CachedAnswer | null> {
    const queryStart = request.url.indexOf("?");
    const dynamic = dynamics.get(queryStart === -1 ? request.url : request.url.slice(0, queryStart));
    if (!dynamic?.headers) return null;
    const template = dynamic.headers;
    const body = dynamic.compute(queryStart === -1 ? "" : request.url.slice(queryStart + 1));
    if (body instanceof Promise) return body.then((text) => (text === null ? null : withBody(text, template, request, limiter)));
    return body === null ? null : withBody(body, template, request, limiter);
  }

  function withBody(body: string, template: HeaderList, request: CacheRequest, limiter: Limiter): MaybePromise<CachedAnswer | null> {
    const headers = perRequest(template, request, limiter);
    if (headers instanceof Promise) return headers.then((h) => (h ? dynamicAnswer(h, body) : null));
    return headers ? dynamicAnswer(headers, body) : null;
  }

  function dynamicAnswer(headers: HeaderList, body: string): CachedAnswer {
    headers.push("content-length", String(utf8Length(body)));
    return { status: 200, headers, body };
  }

  /** The stored headers plus this request's id and rate-limit state; null when over the limit. */
  function perRequest(stored: HeaderList, request: CacheRequest, limiter: Limiter): MaybePromise<HeaderList | null> {
    // Counted exactly like the limiter counts an anonymous request.
    const bucket = `ip:${request.address}`;
    const counted = limiter.store.increment(bucket);
    if (counted instanceof Promise) return counted.then((info) => withCount(stored, request, limiter, bucket, info));
    return withCount(stored, request, limiter, bucket, counted);
  }

  function withCount(
    stored: HeaderList,
    request: CacheRequest,
    limiter: Limiter,
    bucket: string,
    { totalHits, resetTime }: ClientRateLimitInfo,
  ): MaybePromise<HeaderList | null> {
    const limit = limiter.limit;
    if (totalHits > limit) {
      // Let the full chain answer the 429 (and count it: give this hit back first).
      const given = limiter.store.decrement(bucket);
      return given instanceof Promise ? given.then(() => null) : null;
    }
    const incomingId = request.header("x-request-id");
    const policy = policyOf(limit);
    const headers = stored.concat(
      "x-request-id",
      incomingId !== null && REQUEST_ID.test(incomingId) ? incomingId : crypto.randomUUID(),
      "ratelimit-policy",
      policy.policy,
      "ratelimit-limit",
      policy.limit,
      "ratelimit-remaining",
      String(Math.max(limit - totalHits, 0)),
    );
    const reset = resetTime ? Math.max(0, Math.ceil((resetTime.getTime() - Date.now()) / 1000)) : 0;
    if (reset) headers.push("ratelimit-reset", String(reset));
    return headers;
  }

  const middleware = (store: Store<AppEnv>, services: Pick<Services, "anonRateLimitPerMinute" | "clientAddress">): MiddlewareHandler<AppEnv> =>
    async function responseCache(c, next) {
      if (c.req.method !== "GET" || version === undefined) return next();
      const forVersion = version;
      const cached = await answer(
        { method: "GET", url: pathAndQuery(c.req.url), header: (name) => c.req.header(name) ?? null, address: services.clientAddress(c) },
        { store, limit: services.anonRateLimitPerMinute },
      );
      if (cached) return new Response(cached.body as BodyInit | null, { status: cached.status, headers: pairs(cached.headers) });
      return fill(c, next, pathAndQuery(c.req.url), forVersion);
    };

  async function fill(c: Parameters<MiddlewareHandler<AppEnv>>[0], next: () => Promise<void>, key: string, forVersion: string) {
    await next();
    const res = c.res;
    if (forVersion !== version) return; // the content changed while this request was answered
    const headers: HeaderList = [];
    for (const [name, value] of res.headers) if (!PER_REQUEST.has(name)) headers.push(name, value);
    const dynamic = dynamics.get(key.split("?")[0] as string);
    if (dynamic && res.status === 200) {
      dynamic.headers = withoutContentLength(headers);
      return;
    }
    if (res.status === 304) {
      const entry = entries.get(key);
      if (entry && entry.etag === res.headers.get("ETag")) entry.notModified = headers;
      return;
    }
    const ttl = sharedCacheLifetime(res);
    if (!ttl || !onlyDeclaredParameters(key, declared)) return;
    const body = new Uint8Array(await res.clone().arrayBuffer());
    if (body.byteLength > maxBytes / 16) return;
    remove(key);
    const stored = withoutContentLength(headers);
    stored.push("content-length", String(body.byteLength));
    let cost = ENTRY_OVERHEAD + body.byteLength + key.length * 2;
    for (const part of stored) cost += part.length * 2;
    const now = Date.now();
    entries.set(key, { cost, body, headers: stored, etag: res.headers.get("ETag"), expiresAt: now + ttl });
    bytes += cost;
    // Oldest first: expired entries go whatever the budget, then the oldest until it fits.
    for (const [oldest, entry] of entries) {
      if (bytes <= maxBytes && entry.expiresAt > now) break;
      remove(oldest);
    }
  }

  /** A value computed from the content, kept until the content version changes. */
  function memo<T>(key: string, compute: () => Promise<T>): Promise<T> {
    let value = memos.get(key) as Promise<T> | undefined;
    if (!value) {
      if (memos.size >= 1000) {
        memos.clear();
        resolved.clear();
      }
      const pending = compute();
      value = pending;
      memos.set(key, pending);
      pending.then(
        (result) => memos.get(key) === pending && resolved.set(key, result),
        () => memos.delete(key),
      );
    }
    return value;
  }

  return {
    answer,
    memo,
    peek: <T>(key: string) => resolved.get(key) as T | undefined,
    dynamic: (path, compute) => void dynamics.set(path, { compute }),
    middleware,
    checkVersion: () => {
      checking ??= checkVersion().finally(() => (checking = undefined));
      return checking;
    },
    clear,
    declareQueries: (fn) => {
      declared = fn;
    },
    stop: () => clearInterval(timer),
    get size() {
      return entries.size;
    },
    get bytes() {
      return bytes;
    },
  };
}
