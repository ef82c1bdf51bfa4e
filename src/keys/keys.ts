import { z } from "@hono/zod-openapi";
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { apiKeys } from "../db/schema.js";

// API keys. A key is `pk_` or `sk_` followed by 32 base62 characters (~190 bits), so a plain
// SHA-256 is a safe way to store it: nobody can search that space, and lookups stay one index
// probe per request.

export const keyKinds = ["publishable", "secret"] as const;
export type KeyKind = (typeof keyKinds)[number];

export const DEFAULT_KEY_LIMITS: Record<KeyKind, number> = { publishable: 600, secret: 3000 };
export const MAX_KEY_LIMIT = 1_000_000_000;

const PREFIXES: Record<KeyKind, string> = { publishable: "pk_", secret: "sk_" };
const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
export const KEY_PATTERN = /^(pk|sk)_[0-9A-Za-z]{32}$/;

/** `https://example.com` as written by a browser in the Origin header: scheme, host, port. */
export const originSchema = z
  .string()
  .max(200)
  .refine(
    (value) => {
      try {
        const url = new URL(value);
        return (url.protocol === "https:" || url.protocol === "http:") && url.origin === value;
      } catch {
        return false;
      }
    },
    { message: "must be an origin such as https://example.com (scheme, host and port; no path or trailing slash)" },
  )
  .openapi({ example: "https://prep.example.com" });

export const apiKeySchema = z
  .object({
    id: z.string().openapi({ example: "key_7Hc2pQm4" }),
    kind: z.enum(keyKinds).openapi({ example: "publishable" }),
    name: z.string().openapi({ example: "Example Prep widget" }),
    prefix: z.string().openapi({ description: "The first characters of the key, to tell keys apart", example: "pk_3fQ9x" }),
    allowedOrigins: z.array(z.string()).openapi({
      description: "Publishable keys: the browser origins allowed to use the key (the Origin header must match one exactly)",
      example: ["https://prep.example.com"],
    }),
    rateLimitPerMinute: z.number().int().openapi({ example: 600 }),
    admin: z.boolean().openapi({ description: "Secret keys: may call the /v1/admin subscriber operations", example: false }),
    createdAt: z.string().openapi({ example: "2026-11-25T10:00:00.000Z" }),
    revokedAt: z.string().nullable().openapi({ example: null }),
  })
  .openapi("ApiKey");

export type ApiKey = z.infer<typeof apiKeySchema>;

export const newApiKeySchema = z
  .object({
    kind: z
      .enum(keyKinds)
      .openapi({ description: "`publishable` for browsers (needs allowedOrigins), `secret` for servers", example: "publishable" }),
    name: z.string().trim().min(1).max(100).openapi({ example: "Example Prep widget" }),
    allowedOrigins: z
      .array(originSchema)
      .max(20)
      .default([])
      .openapi({ example: ["https://prep.example.com"] }),
    rateLimitPerMinute: z.number().int().min(1).max(MAX_KEY_LIMIT).optional().openapi({
      description: "Requests per minute for this key; default 600 for publishable and 3000 for secret keys",
      example: 600,
    }),
    admin: z.boolean().default(false).openapi({ description: "Secret keys only: allow the /v1/admin subscriber operations", example: false }),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (input.kind === "publishable" && input.allowedOrigins.length === 0) {
      ctx.addIssue({ code: "custom", path: ["allowedOrigins"], message: "a publishable key needs at least one allowed origin" });
    }
    if (input.kind === "publishable" && input.admin) {
      ctx.addIssue({ code: "custom", path: ["admin"], message: "only secret keys may have admin access" });
    }
    if (input.kind === "secret" && input.allowedOrigins.length > 0) {
      ctx.addIssue({ code: "custom", path: ["allowedOrigins"], message: "secret keys are for servers and take no origins" });
    }
  })
  .openapi("NewApiKey");

export type NewApiKey = z.input<typeof newApiKeySchema>;

export const createdApiKeySchema = apiKeySchema
  .extend({
    key: z
      .string()
      .openapi({ description: "The key itself. It is shown only this once: store it now.", example: "pk_3fQ9xV2mB7kLp0ZtR8sWc4Ne1HyJuQa6" }),
  })
  .openapi("CreatedApiKey");

function randomString(length: number): string {
  // 62 * 4 = 248: rejecting bytes >= 248 keeps every character equally likely.
  let out = "";
  while (out.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(length * 2))) {
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

export async function hashKey(key: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

function toApiKey(row: typeof apiKeys.$inferSelect): ApiKey {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    prefix: row.prefix,
    allowedOrigins: row.allowedOrigins,
    rateLimitPerMinute: row.rateLimitPerMinute,
    admin: row.admin,
    createdAt: row.createdAt,
    revokedAt: row.revokedAt,
  };
}

export async function createApiKey(db: Database, input: NewApiKey, now: Date): Promise<ApiKey & { key: string }> {
  const parsed = newApiKeySchema.parse(input);
  const key = PREFIXES[parsed.kind] + randomString(32);
  const row = {
    id: `key_${randomString(12)}`,
    kind: parsed.kind,
    name: parsed.name,
    prefix: key.slice(0, 8),
    keyHash: await hashKey(key),
    allowedOrigins: parsed.allowedOrigins,
    rateLimitPerMinute: parsed.rateLimitPerMinute ?? DEFAULT_KEY_LIMITS[parsed.kind],
    admin: parsed.admin,
    createdAt: now.toISOString(),
    revokedAt: null,
  };
  await db.insert(apiKeys).values(row);
  return { ...toApiKey(row), key };
}

export async function listApiKeys(db: Database): Promise<ApiKey[]> {
  const rows = await db.select().from(apiKeys).orderBy(desc(apiKeys.createdAt), apiKeys.id);
  return rows.map(toApiKey);
}

export async function getApiKey(db: Database, id: string): Promise<ApiKey | undefined> {
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, id));
  return row ? toApiKey(row) : undefined;
}

/** Revokes a key; revoking it again keeps the first revocation time. Undefined when there is no such key. */
export async function revokeApiKey(db: Database, id: string, now: Date): Promise<ApiKey | undefined> {
  await db
    .update(apiKeys)
    .set({ revokedAt: now.toISOString() })
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)));
  return getApiKey(db, id);
}

export async function findApiKey(db: Database, key: string): Promise<ApiKey | undefined> {
  const [row] = await db
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.keyHash, await hashKey(key)));
  return row ? toApiKey(row) : undefined;
}
