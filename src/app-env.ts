import type { Context, MiddlewareHandler } from "hono";
import type { RateLimitInfo, Store } from "hono-rate-limiter";
import type { Database } from "./db/client.js";
import type { Caller } from "./http/access.js";
import type { DeclaredQueries } from "./http/cacheability.js";
import type { ApiError } from "./http/problem.js";
import type { HmacSha256, TokenSigner } from "./http/signed-token.js";
import type { Logger } from "./logger.js";
import type { BankModel } from "./questions/model.js";

/** What the app needs from its runtime; each entry (Node, Workers, tests) builds these. */
export interface AppDeps {
  db: Database;
  config: {
    publicUrl: string;
    signingSecret: string;
    /** Sign-up attempts one client may make per 10 minutes. */
    signupLimitPerClient?: number;
    /** Bearer key for /v1/admin; absent: the admin API answers 401 to everyone. */
    adminApiKey?: string | undefined;
    /** Requests per minute per client address without an API key (default 300). */
    anonRateLimitPerMinute?: number;
  };
  /** A synchronous HMAC-SHA256 for signed tokens (node:crypto); Web Crypto otherwise. */
  hmacSha256?: HmacSha256;
  /** Where rate-limit counters live: process memory by default, a Durable Object on Workers. */
  rateLimitStore?: Store<AppEnv>;
  clock?: () => Date;
  logger?: Logger;
  /**
   * The client as rate limits count it (src/http/client-address.ts): on Node the socket's peer or,
   * with TRUST_PROXY, the client its proxies name; on Workers CF-Connecting-IP; IPv6 by its /64.
   */
  clientAddress?: (c: Context) => string;
  /** Called after a request queued mail, so the outbox is worked on now rather than at the next tick. */
  onMailQueued?: (c: Context) => void;
  /** How often the content version is read again for the in-memory bank model, in ms (0: every request). */
  contentVersionCheckMs?: number;
  /** Serialize every question of a new content version in the background (a long-lived process: Node). */
  warmQuestionDetails?: boolean;
  /** How many bytes of serialized questions the bank model keeps (src/questions/model.ts's default otherwise). */
  questionDetailBudgetBytes?: number;
  /** Why the database cannot be trusted now (its file deleted, replaced, read-only), or null (Node's embedded file). */
  databaseCheck?: DatabaseCheck;
}

/** A sentence for /health and refused writes when the database is unfit; `probeWrite` also tries a write. */
export type DatabaseCheck = (options: { probeWrite: boolean }) => Promise<string | null>;

/** The per-request view of the dependencies, resolved once in createApp. */
export interface Services {
  db: Database;
  publicUrl: string;
  now: () => Date;
  logger: Logger;
  cursors: TokenSigner;
  decks: TokenSigner;
  /** Signs the long-lived links in mails (unsubscribe, preferences, the bank). */
  links: TokenSigner;
  signupLimitPerClient: number;
  adminApiKey: string | undefined;
  anonRateLimitPerMinute: number;
  clientAddress: (c: Context) => string;
  onMailQueued: (c: Context) => void;
  /** The question bank of the current content version, in memory (src/questions/model.ts). */
  bank: () => Promise<BankModel>;
  databaseCheck: DatabaseCheck;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    services: Services;
    caller: Caller;
    /** A refused credential, answered after the request has been counted. */
    accessError?: ApiError;
    /** Set by the rate limiter (hono-rate-limiter). */
    rateLimit?: RateLimitInfo;
  };
}

/** A GET as a runtime's fast path sees it: no WHATWG Request is built. */
export interface FastRequest {
  /** The path, as sent (percent-encoded). */
  path: string;
  /** The query string without its `?` ("" when there is none). */
  search: string;
  header: (name: string) => string | null;
}

/** The body of a 200 and what varies with it; the other headers are the route's own. */
export interface FastAnswer {
  body: string | Uint8Array;
  /** Its entity tag, when the read knows it already (computed from the body otherwise). */
  etag?: string;
  /** The `Link` header (the next page of a list). */
  link?: string;
}

/**
 * Answers a read from the in-memory model of the content `version`, or null whenever the full app
 * must answer it (anything it would refuse, or that the model does not hold yet): exactly the 200 the
 * route's handler would give, computed without the middleware chain.
 */
export type FastRead = (request: FastRequest, version: string) => FastAnswer | null | Promise<FastAnswer | null>;

/**
 * The one hook through which a runtime answers public reads faster (on Node, the response cache in
 * src/node/response-cache.ts): createApp mounts its middleware outermost and tells it what the
 * routes declare and which reads it may compute itself. Without it (Workers, most tests) the app
 * answers every request itself, the same way.
 */
export interface ResponseCacheHook {
  middleware: (store: Store<AppEnv>, services: Pick<Services, "anonRateLimitPerMinute" | "clientAddress">) => MiddlewareHandler<AppEnv>;
  /**
   * Answers GETs of `path` (or, with `prefix`, of every path under it that no other read claims)
   * with `read`, once the app has answered one 200 there (its headers are the template).
   */
  fastRead: (path: string, read: FastRead, options?: { prefix?: boolean }) => void;
  /**
   * Which query parameters a path declares: a URL with any other parameter is answered by the app
   * (which refuses or ignores it) but never stored, so invented parameters cannot fill the cache.
   */
  declareQueries: (declared: DeclaredQueries) => void;
}
