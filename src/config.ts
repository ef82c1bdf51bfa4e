import { z } from "zod";
import { parseTrustProxy } from "./http/client-address.js";
import { logLevels } from "./logger.js";

// Configuration comes from the environment only, validated here before anything starts.

/**
 * `NAME=` is how .env files, compose files and container platforms write a variable they leave
 * unset, so an empty (or blank) value means unset, for every variable: its default applies, or it
 * is missing. One step before validation, on Node and on Workers alike.
 */
function withoutEmptyValues(env: unknown): unknown {
  if (typeof env !== "object" || env === null) return env;
  return Object.fromEntries(Object.entries(env).filter(([, value]) => typeof value !== "string" || value.trim() !== ""));
}

/** A missing variable (unset or empty) says so, rather than zod's "expected string, received undefined". */
const required = { error: (issue: { input?: unknown }) => (issue.input === undefined ? "is required (it is unset or empty)" : undefined) };

const databaseUrl = z
  .string(required)
  .trim()
  .min(1)
  .refine((v) => v === ":memory:" || /^(file|libsql|https?|wss?):/.test(v), {
    message: "must be a libSQL URL: file:PATH, :memory:, libsql://, http(s):// or ws(s)://",
  });

const signingSecret = z.string(required).min(32, { message: "must be at least 32 characters (use a random value)" });

const mailFrom = z
  .string()
  .trim()
  .regex(/^[^\r\n]+$/, { message: "must be one line" })
  .regex(/<[^<>\s@]+@[^<>\s@]+>$|^[^<>\s@]+@[^<>\s@]+$/, { message: "must be an address, e.g. Questions <questions@example.com>" });

const mailSettings = {
  MAIL_FROM: mailFrom.default("ML Interview Questions <questions@localhost>"),
  MAIL_HTTP_URL: z.url({ protocol: /^https?$/, message: "must be the http(s) URL of the mail provider's send endpoint" }).optional(),
  MAIL_HTTP_TOKEN: z.string().min(1).optional(),
  SIGNUP_LIMIT_PER_CLIENT: z.coerce.number().int().min(1).max(100_000).default(10),
  RATE_LIMIT_ANON_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000_000, { message: "must be at most 1000000000 (which already lifts the limit)" })
    .default(300),
  ADMIN_API_KEY: z.string().min(32, { message: "must be at least 32 characters (use a random value)" }).optional(),
};

function requireHttpMail(
  env: { MAIL_TRANSPORT: string; MAIL_HTTP_URL?: string | undefined; MAIL_HTTP_TOKEN?: string | undefined },
  ctx: z.RefinementCtx,
) {
  if (env.MAIL_TRANSPORT !== "http") return;
  if (!env.MAIL_HTTP_URL) ctx.addIssue({ code: "custom", path: ["MAIL_HTTP_URL"], message: "is required when MAIL_TRANSPORT=http" });
  if (!env.MAIL_HTTP_TOKEN) ctx.addIssue({ code: "custom", path: ["MAIL_HTTP_TOKEN"], message: "is required when MAIL_TRANSPORT=http" });
}

export const nodeConfigSchema = z.preprocess(
  withoutEmptyValues,
  z
    .object({
      PORT: z.coerce.number().int().min(1).max(65535).default(8787),
      HOST: z
        .string()
        .trim()
        .regex(/^[A-Za-z0-9.:\-[\]]+$/, { message: "must be a hostname or IP address, e.g. 127.0.0.1 or 0.0.0.0" })
        .default("127.0.0.1"),
      DATABASE_URL: databaseUrl.default("file:./data/app.db"),
      DATABASE_AUTH_TOKEN: z.string().min(1).optional(),
      PUBLIC_URL: z.url({ protocol: /^https?$/, message: "must be an http(s) URL such as https://api.example.com" }).optional(),
      LOG_LEVEL: z.enum(logLevels).default("info"),
      SIGNING_SECRET: signingSecret.optional(),
      // Which peers are proxies whose X-Forwarded-For names the client (src/http/client-address.ts).
      TRUST_PROXY: z
        .string()
        .transform((value, ctx) => {
          try {
            return parseTrustProxy(value);
          } catch (err) {
            ctx.addIssue({ code: "custom", message: (err as Error).message });
            return z.NEVER;
          }
        })
        .optional(),
      MAIL_TRANSPORT: z.enum(["file", "smtp", "http", "none"]).default("file"),
      MAIL_DIR: z.string().min(1).default("./data/mail"),
      SMTP_URL: z.url({ protocol: /^smtps?$/, message: "must be smtp://user:pass@host:port or smtps://…" }).optional(),
      MAIL_POLL_SECONDS: z.coerce.number().min(0.1).max(3600).default(5),
      // A 'sending' claim older than this is taken to be a dead worker's and the mail is sent again.
      // Each send is cut off at half of it (at most 60 s), so a live worker's claim never expires.
      MAIL_CLAIM_TIMEOUT_SECONDS: z.coerce
        .number()
        .min(2, { message: "must be at least 2 (seconds; each send may take up to half of it)" })
        .max(86_400)
        .default(300),
      SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().min(0.1).max(3600).default(10),
      // A client gets this long to send a request's headers, and this long for the whole request
      // (headers and body); then it is answered 408 and its connection closed (slowloris, stalled uploads).
      HEADERS_TIMEOUT_SECONDS: z.coerce.number().min(1).max(600).default(10),
      REQUEST_TIMEOUT_SECONDS: z.coerce.number().min(1).max(3600).default(30),
      ...mailSettings,
    })
    .superRefine((env, ctx) => {
      requireHttpMail(env, ctx);
      if (env.MAIL_TRANSPORT === "smtp" && !env.SMTP_URL)
        ctx.addIssue({ code: "custom", path: ["SMTP_URL"], message: "is required when MAIL_TRANSPORT=smtp" });
      if (env.HEADERS_TIMEOUT_SECONDS > env.REQUEST_TIMEOUT_SECONDS) {
        ctx.addIssue({ code: "custom", path: ["HEADERS_TIMEOUT_SECONDS"], message: "must not be longer than REQUEST_TIMEOUT_SECONDS" });
      }
    })
    .transform((env) => ({
      port: env.PORT,
      host: env.HOST,
      databaseUrl: env.DATABASE_URL,
      databaseAuthToken: env.DATABASE_AUTH_TOKEN,
      publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ""),
      logLevel: env.LOG_LEVEL,
      signingSecret: env.SIGNING_SECRET,
      trustProxy: env.TRUST_PROXY,
      mail: {
        transport: env.MAIL_TRANSPORT,
        dir: env.MAIL_DIR,
        smtpUrl: env.SMTP_URL,
        httpUrl: env.MAIL_HTTP_URL,
        httpToken: env.MAIL_HTTP_TOKEN,
        from: env.MAIL_FROM,
        pollSeconds: env.MAIL_POLL_SECONDS,
        claimTimeoutSeconds: env.MAIL_CLAIM_TIMEOUT_SECONDS,
      },
      shutdownTimeoutSeconds: env.SHUTDOWN_TIMEOUT_SECONDS,
      headersTimeoutMs: Math.round(env.HEADERS_TIMEOUT_SECONDS * 1000),
      requestTimeoutMs: Math.round(env.REQUEST_TIMEOUT_SECONDS * 1000),
      signupLimitPerClient: env.SIGNUP_LIMIT_PER_CLIENT,
      anonRateLimitPerMinute: env.RATE_LIMIT_ANON_PER_MINUTE,
      adminApiKey: env.ADMIN_API_KEY,
    })),
);

export type NodeConfig = z.infer<typeof nodeConfigSchema>;

export const workerConfigSchema = z.preprocess(
  withoutEmptyValues,
  z
    .object({
      DATABASE_URL: databaseUrl.refine((v) => /^(libsql|https?):/.test(v), {
        message: "must be a libsql:// or http(s):// URL on Workers",
      }),
      DATABASE_AUTH_TOKEN: z.string().min(1).optional(),
      PUBLIC_URL: z.string(required).pipe(z.url({ protocol: /^https?$/, message: "must be an http(s) URL such as https://api.example.com" })),
      LOG_LEVEL: z.enum(logLevels).default("warn"),
      SIGNING_SECRET: signingSecret,
      MAIL_TRANSPORT: z.enum(["http", "none"]).default("none"),
      CONTENT_VERSION_TTL_SECONDS: z.coerce.number().min(0).max(3600).default(30),
      ...mailSettings,
    })
    .superRefine(requireHttpMail)
    .transform((env) => ({
      databaseUrl: env.DATABASE_URL,
      databaseAuthToken: env.DATABASE_AUTH_TOKEN,
      publicUrl: env.PUBLIC_URL.replace(/\/+$/, ""),
      logLevel: env.LOG_LEVEL,
      signingSecret: env.SIGNING_SECRET,
      mail: { transport: env.MAIL_TRANSPORT, httpUrl: env.MAIL_HTTP_URL, httpToken: env.MAIL_HTTP_TOKEN, from: env.MAIL_FROM },
      contentVersionTtlSeconds: env.CONTENT_VERSION_TTL_SECONDS,
      signupLimitPerClient: env.SIGNUP_LIMIT_PER_CLIENT,
      anonRateLimitPerMinute: env.RATE_LIMIT_ANON_PER_MINUTE,
      adminApiKey: env.ADMIN_API_KEY,
    })),
);

export type WorkerConfig = z.infer<typeof workerConfigSchema>;

/** One line per offending variable: `PORT: must be ... (got "abc")`. */
export function describeConfigError(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const name = String(issue.path[0] ?? "environment");
      return `invalid configuration: ${name} ${issue.message}`;
    })
    .join("; ");
}
