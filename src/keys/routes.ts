import { createRoute, z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { adminErrors, security } from "../admin/routes.js";
import type { AppEnv } from "../app-env.js";
import { ApiError } from "../http/problem.js";
import { type createRouter, mediaTypeResponses } from "../http/router.js";
import { apiKeySchema, createApiKey, createdApiKeySchema, getApiKey, listApiKeys, newApiKeySchema, revokeApiKey } from "./keys.js";

// Managing API keys: only the holder of ADMIN_API_KEY (the root secret) may, not admin keys.

const requireRoot: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!c.get("caller").root) throw new ApiError("forbidden", "Managing API keys needs ADMIN_API_KEY; API keys cannot create or revoke keys.");
  await next();
};

const keyIdParams = z.object({
  id: z
    .string()
    .regex(/^key_[0-9A-Za-z]{12}$/, { message: "must be a key id such as key_7Hc2pQm4x9Lb" })
    .openapi({ param: { name: "id", in: "path" }, example: "key_7Hc2pQm4x9Lb" }),
});

const createKeyRoute = createRoute({
  method: "post",
  path: "/v1/admin/keys",
  operationId: "createApiKey",
  tags: ["Admin"],
  summary: "Create an API key",
  description:
    "Creates a publishable key (`pk_…`, for browsers on the listed origins) or a secret key (`sk_…`, for servers). The answer is the only time the key itself is shown; only its SHA-256 is stored. Needs ADMIN_API_KEY.",
  security,
  request: { body: { required: true, content: { "application/json": { schema: newApiKeySchema } } } },
  responses: {
    201: { description: "The new key, shown once", content: { "application/json": { schema: createdApiKeySchema } } },
    ...adminErrors,
    ...mediaTypeResponses,
  },
});

const listKeysRoute = createRoute({
  method: "get",
  path: "/v1/admin/keys",
  operationId: "listApiKeys",
  tags: ["Admin"],
  summary: "List API keys",
  description: "Every key, newest first, revoked ones included, without the keys themselves. Needs ADMIN_API_KEY.",
  security,
  responses: {
    200: { description: "The keys", content: { "application/json": { schema: z.object({ data: z.array(apiKeySchema) }).openapi("ApiKeyList") } } },
    ...adminErrors,
  },
});

const getKeyRoute = createRoute({
  method: "get",
  path: "/v1/admin/keys/{id}",
  operationId: "getApiKey",
  tags: ["Admin"],
  summary: "Get one API key",
  description: "One key's settings and state, without the key itself. Needs ADMIN_API_KEY.",
  security,
  request: { params: keyIdParams },
  responses: {
    200: { description: "The key", content: { "application/json": { schema: apiKeySchema } } },
    ...adminErrors,
  },
});

const revokeKeyRoute = createRoute({
  method: "delete",
  path: "/v1/admin/keys/{id}",
  operationId: "revokeApiKey",
  tags: ["Admin"],
  summary: "Revoke an API key",
  description: "Revokes the key at once: its next request is a 401. Revoking a revoked key changes nothing. Needs ADMIN_API_KEY.",
  security,
  request: { params: keyIdParams },
  responses: {
    200: { description: "The revoked key", content: { "application/json": { schema: apiKeySchema } } },
    ...adminErrors,
  },
});

export function registerKeyRoutes(app: ReturnType<typeof createRouter>) {
  app.use("/v1/admin/keys", requireRoot);
  app.use("/v1/admin/keys/*", requireRoot);

  app.openapi(createKeyRoute, async (c) => {
    const { db, now, logger, publicUrl } = c.get("services");
    const created = await createApiKey(db, c.req.valid("json"), now());
    logger.info("api key created", { key: created.id, kind: created.kind });
    c.header("Cache-Control", "no-store");
    c.header("Location", `${publicUrl}/v1/admin/keys/${created.id}`);
    return c.json(created, 201);
  });

  app.openapi(listKeysRoute, async (c) => {
    c.header("Cache-Control", "no-store");
    return c.json({ data: await listApiKeys(c.get("services").db) }, 200);
  });

  app.openapi(getKeyRoute, async (c) => {
    const { id } = c.req.valid("param");
    const key = await getApiKey(c.get("services").db, id);
    if (!key) throw new ApiError("not-found", `No API key has the id '${id}'.`);
    c.header("Cache-Control", "no-store");
    return c.json(key, 200);
  });

  app.openapi(revokeKeyRoute, async (c) => {
    const { db, now, logger } = c.get("services");
    const { id } = c.req.valid("param");
    const revoked = await revokeApiKey(db, id, now());
    if (!revoked) throw new ApiError("not-found", `No API key has the id '${id}'.`);
    logger.info("api key revoked", { key: id });
    c.header("Cache-Control", "no-store");
    return c.json(revoked, 200);
  });
}
