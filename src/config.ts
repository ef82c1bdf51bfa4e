import { z } from "zod";
import { logLevels } from "./logger.js";

// Configuration comes from the environment only, validated here before anything starts.

const databaseUrl = z
  .string()
  .trim()
  .min(1)
  .refine((v) => v === ":memory:" || /^(file|libsql|https?|wss?):/.test(v), {
    message: "must be a libSQL URL: file:PATH, :memory:, libsql://, http(s):// or ws(s)://",
  });

const signingSecret = z.string().min(32, { message: "must be at least 32 characters (use a random value)" });

export const nodeConfigSchema = z
  .object({
    PORT: z.coerce.number().int().min(1).max(65535).default(8787),
    HOST: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9.:\-\[\]]+$/, { message: "must be a hostname or IP address, e.g. 127.0.0.1 or 0.0.0.0" })
      .default("127.0.0.1"),
    DATABASE_URL: databaseUrl.default("file:./data/app.db"),
    DATABASE_AUTH_TOKEN: z.string().min(1).optional(),
    PUBLIC_URL: z.url({ protocol: /^https?$/, message: "must be an http(s) URL such as https://api.example.com" }).optional(),
    LOG_LEVEL: z.enum(logLevels).default("info"),
    SIGNING_SECRET: signingSecret.optional(),
  })
  .transform((env) => ({
    port: env.PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL,
    databaseAuthToken: env.DATABASE_AUTH_TOKEN,
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ""),
    logLevel: env.LOG_LEVEL,
    signingSecret: env.SIGNING_SECRET,
  }));

export type NodeConfig = z.infer<typeof nodeConfigSchema>;

export const workerConfigSchema = z
  .object({
    DATABASE_URL: databaseUrl.refine((v) => /^(libsql|https?):/.test(v), {
      message: "must be a libsql:// or http(s):// URL on Workers",
    }),
    DATABASE_AUTH_TOKEN: z.string().min(1).optional(),
    PUBLIC_URL: z.url({ protocol: /^https?$/ }),
    LOG_LEVEL: z.enum(logLevels).default("warn"),
    SIGNING_SECRET: signingSecret,
  })
  .transform((env) => ({
    databaseUrl: env.DATABASE_URL,
    databaseAuthToken: env.DATABASE_AUTH_TOKEN,
    publicUrl: env.PUBLIC_URL.replace(/\/+$/, ""),
    logLevel: env.LOG_LEVEL,
    signingSecret: env.SIGNING_SECRET,
  }));

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
