import { createRoute, z } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env.js";
import { BEARER_CHALLENGE } from "../http/access.js";
import { ApiError } from "../http/problem.js";
import { type createRouter, errorResponses } from "../http/router.js";
import { outboxHealth } from "../mail/outbox.js";
import { emailSchema, normalizeAddress } from "../subscribers/address.js";

// Operator endpoints: nothing here is reachable without ADMIN_API_KEY.

/** Anyone with ADMIN_API_KEY or a secret key created with admin access. */
export const requireAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  const caller = c.get("caller");
  if (caller.kind === "anonymous") {
    throw new ApiError("unauthorized", "The admin API needs `Authorization: Bearer <ADMIN_API_KEY>` or a secret key with admin access.", {
      headers: { "WWW-Authenticate": BEARER_CHALLENGE },
    });
  }
  if (!caller.admin) throw new ApiError("forbidden", "This API key has no admin access; only secret keys created with admin access do.");
  await next();
};

export const security = [{ adminKey: [] }];

export const adminErrors = {
  ...errorResponses,
  401: { ...errorResponses[401], description: "No admin credentials, or a malformed, unknown or revoked key" },
  403: { ...errorResponses[403], description: "The key has no admin access (or may not be used from this origin)" },
};
const emailQuery = z.object({ email: emailSchema.openapi({ param: { name: "email", in: "query" } }) }).strict();

export const subscriberExportSchema = z
  .object({
    subscriber: z.record(z.string(), z.unknown()).openapi({
      description: "Every stored field of the subscriber",
      example: { email: "ada@example.com", status: "confirmed", frequency: "weekly", consent_at: "2026-11-19T09:00:00.000Z" },
    }),
    deliveries: z
      .array(z.object({ questionId: z.number().int(), sentAt: z.string() }))
      .openapi({ example: [{ questionId: 1001, sentAt: "2026-11-20T09:00:00.000Z" }] }),
    mails: z
      .array(z.object({ kind: z.string(), subject: z.string(), status: z.string(), createdAt: z.string(), sentAt: z.string().nullable() }))
      .openapi({
        example: [
          {
            kind: "welcome",
            subject: "Your ML interview question bank",
            status: "sent",
            createdAt: "2026-11-19T09:00:00.000Z",
            sentAt: "2026-11-19T09:00:02.000Z",
          },
        ],
      }),
  })
  .openapi("SubscriberExport");

export const outboxHealthSchema = z
  .object({
    pending: z.number().int().openapi({ example: 0 }),
    sending: z.number().int().openapi({ example: 0 }),
    sent: z.number().int().openapi({ example: 1234 }),
    failed: z.number().int().openapi({ example: 2 }),
    oldestPendingSeconds: z.number().nullable().openapi({ example: null }),
  })
  .openapi("OutboxHealth");

const exportRoute = createRoute({
  method: "get",
  path: "/v1/admin/subscribers",
  operationId: "exportSubscriber",
  tags: ["Admin"],
  summary: "Export one subscriber's data",
  description: "Everything stored about one address (GDPR access request).",
  security,
  request: { query: emailQuery },
  responses: { 200: { description: "The data", content: { "application/json": { schema: subscriberExportSchema } } }, ...adminErrors },
});

const eraseRoute = createRoute({
  method: "delete",
  path: "/v1/admin/subscribers",
  operationId: "eraseSubscriber",
  tags: ["Admin"],
  summary: "Erase one subscriber",
  description: "Deletes the subscriber, their delivery history and their mails (GDPR erasure).",
  security,
  request: { query: emailQuery },
  responses: { 204: { description: "Erased" }, ...adminErrors },
});

const outboxRoute = createRoute({
  method: "get",
  path: "/v1/admin/outbox",
  operationId: "getOutboxHealth",
  tags: ["Admin"],
  summary: "Outbox health",
  description: "How many mails are pending, being sent, sent and failed, and the age of the oldest pending one.",
  security,
  responses: { 200: { description: "Counts", content: { "application/json": { schema: outboxHealthSchema } } }, ...adminErrors },
});

export function registerAdminRoutes(app: ReturnType<typeof createRouter>) {
  app.openAPIRegistry.registerComponent("securitySchemes", "adminKey", {
    type: "http",
    scheme: "bearer",
    description: "ADMIN_API_KEY, or a secret (sk_) key created with admin access; managing keys needs ADMIN_API_KEY",
  });
  app.use("/v1/admin/*", requireAdmin);

  app.openapi(exportRoute, async (c) => {
    const { db } = c.get("services");
    const { key } = normalizeAddress(c.req.valid("query").email);
    const [subscriber] = await db.all<Record<string, unknown> & { id: string }>(sql`SELECT * FROM subscribers WHERE email_key = ${key}`);
    if (!subscriber) throw new ApiError("not-found", "No subscriber has this address.");
    const { confirm_token_hash: _hash, ...stored } = subscriber;
    const deliveries = await db.all<{ questionId: number; sentAt: string }>(
      sql`SELECT question_id AS questionId, sent_at AS sentAt FROM deliveries WHERE subscriber_id = ${subscriber.id} ORDER BY sent_at`,
    );
    const mails = await db.all<{ kind: string; subject: string; status: string; createdAt: string; sentAt: string | null }>(
      sql`SELECT kind, subject, status, created_at AS createdAt, sent_at AS sentAt FROM outbox WHERE subscriber_id = ${subscriber.id} ORDER BY id`,
    );
    c.header("Cache-Control", "no-store");
    return c.json({ subscriber: stored, deliveries, mails }, 200);
  });

  app.openapi(eraseRoute, async (c) => {
    const { db, logger } = c.get("services");
    const { key } = normalizeAddress(c.req.valid("query").email);
    const [row] = await db.all<{ id: string }>(sql`SELECT id FROM subscribers WHERE email_key = ${key}`);
    if (!row) throw new ApiError("not-found", "No subscriber has this address.");
    await db.batch([
      db.run(sql`DELETE FROM outbox WHERE subscriber_id = ${row.id}`),
      db.run(sql`DELETE FROM deliveries WHERE subscriber_id = ${row.id}`),
      db.run(sql`DELETE FROM subscribers WHERE id = ${row.id}`),
    ]);
    logger.info("subscriber erased", { subscriber: row.id });
    c.header("Cache-Control", "no-store");
    return c.body(null, 204);
  });

  app.openapi(outboxRoute, async (c) => {
    const { db, now } = c.get("services");
    c.header("Cache-Control", "no-store");
    return c.json(await outboxHealth(db, now()), 200);
  });
}
