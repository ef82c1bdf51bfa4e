import type { MiddlewareHandler } from "hono";
import { rateLimiter, type Store } from "hono-rate-limiter";
import type { AppEnv } from "../app-env.js";
import { findApiKey, KEY_PATTERN, MAX_KEY_LIMIT } from "../keys/keys.js";
import { ApiError } from "./problem.js";

// Who is calling, and how often they may. Every request is identified (anonymous by client
// address, or by API key), counted against its limit, and answered with the rate-limit headers,
// including the requests we refuse: a bad key is a 401/403, never a silent downgrade.

export const RATE_LIMIT_WINDOW_SECONDS = 60;
/** What hono-rate-limiter's draft-6 mode sends. */
export const RATE_LIMIT_HEADERS = ["RateLimit-Policy", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"];

export interface Caller {
  kind: "anonymous" | "publishable" | "secret" | "root";
  /** The API key's id; absent for anonymous and root callers. */
  keyId?: string;
  /** May call the /v1/admin subscriber operations. */
  admin: boolean;
  /** Holds ADMIN_API_KEY: may also manage API keys. */
  root: boolean;
  /** What the rate limiter counts against. */
  bucket: string;
  limit: number;
}

export const BEARER_CHALLENGE = 'Bearer realm="ml-interview-questions"';

/** Compares digests, so neither the length nor the content of a secret leaks through timing. */
export async function sameSecret(a: string, b: string): Promise<boolean> {
  const enc = new TextEncoder();
  const [x, y] = await Promise.all([crypto.subtle.digest("SHA-256", enc.encode(a)), crypto.subtle.digest("SHA-256", enc.encode(b))]);
  const ux = new Uint8Array(x);
  const uy = new Uint8Array(y);
  let diff = 0;
  for (let i = 0; i < ux.length; i++) diff |= (ux[i] ?? 0) ^ (uy[i] ?? 0);
  return diff === 0;
}

const unauthorized = (detail: string) =>
  new ApiError("unauthorized", detail, { headers: { "WWW-Authenticate": `${BEARER_CHALLENGE}, error="invalid_token"` } });

async function identify(c: Parameters<MiddlewareHandler<AppEnv>>[0]): Promise<Caller> {
  const services = c.get("services");
  const header = c.req.header("Authorization");
  if (header === undefined) {
    return { kind: "anonymous", admin: false, root: false, bucket: `ip:${services.clientAddress(c)}`, limit: services.anonRateLimitPerMinute };
  }
  const token = /^Bearer +([^\s]+) *$/i.exec(header)?.[1];
  if (!token) throw unauthorized("The Authorization header must be `Bearer <key>`, with a pk_ or sk_ key.");
  // A browser sends Origin; a secret sent from a page other than our own (the /docs console) has leaked into a front end.
  const origin = c.req.header("Origin");
  const foreignOrigin = !!origin && origin !== new URL(services.publicUrl).origin;
  if (services.adminApiKey && (await sameSecret(token, services.adminApiKey))) {
    if (foreignOrigin) {
      throw new ApiError("forbidden", `ADMIN_API_KEY was sent from a web page on ${origin}. It belongs on servers only: rotate it.`);
    }
    return { kind: "root", admin: true, root: true, bucket: "root", limit: MAX_KEY_LIMIT };
  }
  if (!KEY_PATTERN.test(token)) throw unauthorized("That is not an API key: keys are pk_ or sk_ followed by 32 letters and digits.");
  const key = await findApiKey(services.db, token);
  if (!key) throw unauthorized(`No such API key (${token.slice(0, 8)}…). Check for a typo, or ask for a new key.`);
  if (key.revokedAt) throw unauthorized(`The API key ${key.prefix}… was revoked on ${key.revokedAt}.`);

  if (key.kind === "publishable") {
    if (!origin) {
      throw new ApiError(
        "forbidden",
        `Publishable keys are for browsers on their allowed origins, and this request has no Origin. Servers use a secret (sk_) key.`,
      );
    }
    if (!key.allowedOrigins.includes(origin)) {
      throw new ApiError("forbidden", `The key ${key.prefix}… is not allowed on ${origin}; it was issued for ${key.allowedOrigins.join(", ")}.`);
    }
  } else if (foreignOrigin) {
    throw new ApiError(
      "forbidden",
      `A secret key was sent from a web page on ${origin}. Secret keys belong on servers: revoke ${key.prefix}… and use a publishable (pk_) key in browsers.`,
    );
  }
  return {
    kind: key.kind,
    keyId: key.id,
    admin: key.kind === "secret" && key.admin,
    root: false,
    // A publishable key is public and its Origin easy to forge outside a browser: counted per key
    // and client address, so whoever spends it spends only their own share, never the site's.
    bucket: key.kind === "publishable" ? `pk:${key.id}:${services.clientAddress(c)}` : `key:${key.id}`,
    limit: key.rateLimitPerMinute,
  };
}

/**
 * The access middlewares: identify the caller (a refused key is counted as an anonymous
 * request from that address, then answered 401/403), count the request, refuse it when over
 * the limit. The counters live in `store`: process memory on Node, a Durable Object on Workers.
 */
export function accessControl(store: Store<AppEnv>): MiddlewareHandler<AppEnv>[] {
  const identifyCaller: MiddlewareHandler<AppEnv> = async (c, next) => {
    try {
      c.set("caller", await identify(c));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      const services = c.get("services");
      c.set("caller", {
        kind: "anonymous",
        admin: false,
        root: false,
        bucket: `ip:${services.clientAddress(c)}`,
        limit: services.anonRateLimitPerMinute,
      });
      c.set("accessError", err);
    }
    await next();
  };
  const limit = rateLimiter<AppEnv>({
    windowMs: RATE_LIMIT_WINDOW_SECONDS * 1000,
    limit: (c) => c.get("caller").limit,
    keyGenerator: (c) => c.get("caller").bucket,
    standardHeaders: "draft-6",
    store,
    handler: (c) => {
      const { limit } = c.get("caller");
      const resetTime = c.get("rateLimit")?.resetTime;
      const retry = String(resetTime ? Math.max(1, Math.ceil((resetTime.getTime() - Date.now()) / 1000)) : RATE_LIMIT_WINDOW_SECONDS);
      throw new ApiError(
        "too-many-requests",
        `This client may make ${limit} requests per minute. Retry in ${retry} seconds${c.get("caller").kind === "anonymous" ? ", or use an API key for a higher limit" : ""}.`,
        {
          headers: { "Retry-After": retry },
        },
      );
    },
  });
  const refuseBadCredentials: MiddlewareHandler<AppEnv> = async (c, next) => {
    const error = c.get("accessError");
    if (error) throw error;
    await next();
  };
  return [identifyCaller, limit, refuseBadCredentials];
}
