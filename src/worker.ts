import { DurableObjectRateLimiter, DurableObjectStore } from "@hono-rate-limiter/cloudflare";
import { createClient } from "@libsql/client/web";
import type { ExecutionContext } from "hono";
import { createApp } from "./app.js";
import { describeConfigError, workerConfigSchema } from "./config.js";
import { createDatabase } from "./db/client.js";
import { PROBLEM_CONTENT_TYPE } from "./http/problem.js";
import { createTokenSigner } from "./http/signed-token.js";
import { createLogger } from "./logger.js";
import { type MailJobDeps, runMailJobs } from "./mail/jobs.js";
import { processOutbox } from "./mail/outbox.js";
import { createHttpTransport } from "./mail/transport-http.js";

// Workers entry: libSQL over HTTP (Turso in production, sqld locally). The database is migrated
// and seeded from Node with `npm run db:migrate` and `npm run db:seed` against the same URL.

export interface Env {
  DATABASE_URL?: string;
  DATABASE_AUTH_TOKEN?: string;
  PUBLIC_URL?: string;
  LOG_LEVEL?: string;
  SIGNING_SECRET?: string;
  MAIL_TRANSPORT?: string;
  MAIL_HTTP_URL?: string;
  MAIL_HTTP_TOKEN?: string;
  MAIL_FROM?: string;
  SIGNUP_LIMIT_PER_CLIENT?: string;
  ADMIN_API_KEY?: string;
  RATE_LIMIT_ANON_PER_MINUTE?: string;
  CONTENT_VERSION_TTL_SECONDS?: string;
  RATE_LIMITER: DurableObjectNamespace<DurableObjectRateLimiter>;
}

let cached: { env: Env; app: ReturnType<typeof createApp>; mail: MailJobDeps } | undefined;

function build(env: Env): typeof cached | Response {
  const parsed = workerConfigSchema.safeParse(env);
  if (!parsed.success) return misconfigured(describeConfigError(parsed.error));
  const config = parsed.data;
  const client = createClient({ url: config.databaseUrl, ...(config.databaseAuthToken ? { authToken: config.databaseAuthToken } : {}) });
  const db = createDatabase(client);
  const logger = createLogger(config.logLevel, (line) => console.log(line));
  const mail: MailJobDeps = {
    db,
    signer: { links: createTokenSigner(config.signingSecret, "subscriber-link"), publicUrl: config.publicUrl },
    transport:
      config.mail.transport === "http" ? createHttpTransport({ url: config.mail.httpUrl as string, token: config.mail.httpToken as string }) : null,
    from: config.mail.from,
    now: () => new Date(),
    logger,
  };
  const app = createApp({
    db,
    // An isolate has 128 MB in all: the questions read most recently, not the whole bank.
    questionDetailBudgetBytes: 16 * 1024 * 1024,
    config: {
      publicUrl: config.publicUrl,
      signingSecret: config.signingSecret,
      signupLimitPerClient: config.signupLimitPerClient,
      adminApiKey: config.adminApiKey,
      anonRateLimitPerMinute: config.anonRateLimitPerMinute,
    },
    // Counters shared by every isolate: one Durable Object per caller (wrangler.toml).
    rateLimitStore: new DurableObjectStore({ namespace: env.RATE_LIMITER }),
    edgeCache: {
      cache: caches.default,
      versionTtlMs: config.contentVersionTtlSeconds * 1000,
      waitUntil: (c, work) => c.executionCtx.waitUntil(work),
    },
    logger,
    // Send right away instead of waiting for the next Cron tick, without delaying the response.
    onMailQueued: (c) => {
      if (mail.transport) c.executionCtx.waitUntil(processOutbox({ ...mail, transport: mail.transport }).catch(() => undefined));
    },
  });
  return { env, app, mail };
}

function misconfigured(message: string): Response {
  // The operator's mistake, not the client's: a 500 that says what to fix, without secrets.
  return new Response(
    JSON.stringify({ type: "/problems/internal-error", title: "Service misconfigured", status: 500, detail: message, code: "internal-error" }),
    { status: 500, headers: { "Content-Type": PROBLEM_CONTENT_TYPE, "Cache-Control": "no-store" } },
  );
}

export { DurableObjectRateLimiter };

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    if (cached?.env !== env) {
      const built = build(env);
      if (built instanceof Response) return built;
      cached = built;
    }
    return cached!.app.fetch(request, env, ctx);
  },
  // Cron Trigger (wrangler.toml [triggers]): queue due question mails and send the outbox.
  async scheduled(_controller: unknown, env: Env, ctx: ExecutionContext): Promise<void> {
    if (cached?.env !== env) {
      const built = build(env);
      if (built instanceof Response) throw new Error(await built.text());
      cached = built;
    }
    ctx.waitUntil(runMailJobs(cached!.mail));
  },
};
