import { createClient } from "@libsql/client/web";
import type { ExecutionContext } from "hono";
import { createApp } from "./app.js";
import { describeConfigError, workerConfigSchema } from "./config.js";
import { createDatabase } from "./db/client.js";
import { PROBLEM_CONTENT_TYPE } from "./http/problem.js";
import { createLogger } from "./logger.js";

// Workers entry: libSQL over HTTP (Turso in production, sqld locally). The database is migrated
// and seeded from Node with `npm run db:migrate` and `npm run db:seed` against the same URL.

export interface Env {
  DATABASE_URL?: string;
  DATABASE_AUTH_TOKEN?: string;
  PUBLIC_URL?: string;
  LOG_LEVEL?: string;
  SIGNING_SECRET?: string;
}

let cached: { env: Env; app: ReturnType<typeof createApp> } | undefined;

function misconfigured(message: string): Response {
  // The operator's mistake, not the client's: a 500 that says what to fix, without secrets.
  return new Response(
    JSON.stringify({ type: "/problems/internal-error", title: "Service misconfigured", status: 500, detail: message, code: "internal-error" }),
    { status: 500, headers: { "Content-Type": PROBLEM_CONTENT_TYPE, "Cache-Control": "no-store" } },
  );
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    if (cached?.env !== env) {
      const parsed = workerConfigSchema.safeParse(env);
      if (!parsed.success) return misconfigured(describeConfigError(parsed.error));
      const config = parsed.data;
      const client = createClient({ url: config.databaseUrl, ...(config.databaseAuthToken ? { authToken: config.databaseAuthToken } : {}) });
      cached = {
        env,
        app: createApp({
          db: createDatabase(client),
          config: { publicUrl: config.publicUrl, signingSecret: config.signingSecret },
          logger: createLogger(config.logLevel, (line) => console.log(line)),
        }),
      };
    }
    return cached.app.fetch(request, env, ctx);
  },
};
