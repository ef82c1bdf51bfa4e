import { hash } from "node:crypto";
import { sql } from "drizzle-orm";
import type { MiddlewareHandler } from "hono";
import type { ClientRateLimitInfo, Store } from "hono-rate-limiter";
import type { AppEnv, FastAnswer, FastRead, ResponseCacheHook, Services } from "../app-env.js";
import type { Database } from "../db/client.js";
import { RATE_LIMIT_HEADERS, RATE_LIMIT_WINDOW_SECONDS } from "../http/access.js";
import { type DeclaredQueries, onlyDeclaredParameters, representationKey, sharedCacheLifetime } from "../http/cacheability.js";
import { prefersMarkdown } from "../http/negotiate.js";

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

interface Registered {
  path: string;
  read: FastRead;
  /** The headers of the app's 200 on this route, without those that vary with the body. */
  template?: Template;
}

interface Template {
  headers: HeaderList;
  /** How long a shared cache may keep the answer, in ms (0: not at all). */
  ttl: number;
  /** Whether the app's answer carried an ETag. */
  tagged: boolean;
}

// Headers that vary with the body: a fast read supplies its own.
const PER_BODY = new Set(["etag", "link", "content-length"]);

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
  /** How many answers fast reads computed (without the app). */
  readonly computed: number;
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
  let computed = 0;
  let version: string | undefined;

  // Reads the app computes from its in-memory model (FastRead), answered here without the chain,
  // with the headers the full app sent on such a 200 (captured from its first one, per content
  // version) and, when the route is cacheable, stored like any other answer.
  const exact = new Map<string, Registered>();
  const prefixes: Registered[] = [];
  const registeredFor = (path: string): Registered | undefined => {
    const found = exact.get(path);
    if (found) return found;
    for (const r of prefixes) if (path.length > r.path.length && path.startsWith(r.path) && !path.includes("/", r.path.length)) return r;
    return undefined;
  };
  const clear = () => {
    entries.clear();
    for (const r of exact.values()) delete r.template;
    for (const r of prefixes) delete r.template;
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
    // JSON and Markdown of one URL are two entries (those answers say `Vary: Accept`).
    const markdown = prefersMarkdown(request.header("accept"));
    const key = markdown ? request.url + representationKey(true) : request.url;
    const entry = entries.get(key);
    if (!entry) return markdown ? null : answerFast(request, limiter);
    if (entry.expiresAt <= Date.now()) {
      remove(key);
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

  function answerFast(request: CacheRequest, limiter: Limiter): MaybePromise<CachedAnswer | null> {
    const queryStart = request.url.indexOf("?");
    const path = queryStart === -1 ? request.url : request.url.slice(0, queryStart);
    const registered = registeredFor(path);
    // A conditional request is the app's (its 304 is stored with the entry the first time).
    if (!registered?.template || request.header("if-none-match") !== null) return null;
    const forVersion = version as string;
    const template = registered.template;
    const search = queryStart === -1 ? "" : request.url.slice(queryStart + 1);
    const computed = registered.read({ path, search, header: request.header }, forVersion);
    const finish = (answer: FastAnswer | null) => (answer === null ? null : fastAnswer(answer, template, request, limiter, forVersion));
    return computed instanceof Promise ? computed.then(finish, () => null) : finish(computed);
  }

  function fastAnswer(
    answer: FastAnswer,
    template: Template,
    request: CacheRequest,
    limiter: Limiter,
    forVersion: string,
  ): MaybePromise<CachedAnswer | null> {
    computed++;
    const body = typeof answer.body === "string" ? Buffer.from(answer.body) : answer.body;
    const headers = template.headers.slice();
    let etag: string | null = null;
    if (template.tagged) {
      etag = answer.etag ?? `"${hash("sha1", body, "hex")}"`;
      headers.push("etag", etag);
    }
    if (answer.link !== undefined) headers.push("link", answer.link);
    headers.push("content-length", String(body.byteLength));
    if (template.ttl > 0 && forVersion === version) store(request.url, request.url, body, headers, etag, template.ttl);
    const withRequest = perRequest(headers, request, limiter);
    const toAnswer = (list: HeaderList | null): CachedAnswer | null => list && { status: 200, headers: list, body };
    return withRequest instanceof Promise ? withRequest.then(toAnswer) : toAnswer(withRequest);
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
      return fill(c, next, pathAndQuery(c.req.url), prefersMarkdown(c.req.header("Accept")), forVersion);
    };

  async function fill(c: Parameters<MiddlewareHandler<AppEnv>>[0], next: () => Promise<void>, url: string, markdown: boolean, forVersion: string) {
    await next();
    const key = url + representationKey(markdown);
    const res = c.res;
    if (forVersion !== version) return; // the content changed while this request was answered
    const headers: HeaderList = [];
    for (const [name, value] of res.headers) if (!PER_REQUEST.has(name)) headers.push(name, value);
    const ttl = sharedCacheLifetime(res, markdown) ?? 0;
    // Fast reads answer JSON: a template comes from a JSON 200 only (never another representation).
    const registered =
      !markdown && res.status === 200 && res.headers.get("Content-Type")?.startsWith("application/json")
        ? registeredFor(url.split("?")[0] as string)
        : undefined;
    if (registered) {
      const template: HeaderList = [];
      for (let i = 0; i < headers.length; i += 2)
        if (!PER_BODY.has(headers[i] as string)) template.push(headers[i] as string, headers[i + 1] as string);
      registered.template = { headers: template, ttl, tagged: res.headers.has("ETag") };
    }
    if (res.status === 304) {
      const entry = entries.get(key);
      if (entry && entry.etag === res.headers.get("ETag")) entry.notModified = headers;
      return;
    }
    if (!ttl) return;
    const body = new Uint8Array(await res.clone().arrayBuffer());
    const stored = withoutContentLength(headers);
    stored.push("content-length", String(body.byteLength));
    store(key, url, body, stored, res.headers.get("ETag"), ttl);
  }

  /** Keeps an answer under `key` (the URL, plus the representation when it is not JSON). */
  function store(key: string, url: string, body: Uint8Array, headers: HeaderList, etag: string | null, ttl: number) {
    if (!onlyDeclaredParameters(url, declared) || body.byteLength > maxBytes / 16) return;
    remove(key);
    let cost = ENTRY_OVERHEAD + body.byteLength + key.length * 2;
    for (const part of headers) cost += part.length * 2;
    const now = Date.now();
    entries.set(key, { cost, body, headers, etag, expiresAt: now + ttl });
    bytes += cost;
    // Oldest first: expired entries go whatever the budget, then the oldest until it fits.
    for (const [oldest, entry] of entries) {
      if (bytes <= maxBytes && entry.expiresAt > now) break;
      remove(oldest);
    }
  }

  return {
    answer,
    fastRead: (path, read, options) => {
      if (options?.prefix) prefixes.push({ path, read });
      else exact.set(path, { path, read });
    },
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
    get computed() {
      return computed;
    },
  };
}
