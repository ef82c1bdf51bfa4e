import { Scalar } from "@scalar/hono-api-reference";
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { RETAINED_304_HEADERS } from "hono/etag";
import { requestId } from "hono/request-id";
import { MemoryStore } from "hono-rate-limiter";
import { registerAdminRoutes } from "./admin/routes.js";
import type { AppDeps, AppEnv, FastRequest, ResponseCacheHook, Services } from "./app-env.js";
import { registerCategoryRoutes } from "./categories/routes.js";
import { registerCompanyRoutes } from "./companies/routes.js";
import { registerEmbedRoutes, secureHeadersExceptEmbeds } from "./embed/routes.js";
import { accessControl, RATE_LIMIT_HEADERS } from "./http/access.js";
import type { DeclaredQueries } from "./http/cacheability.js";
import { rateLimitAddress } from "./http/client-address.js";
import { type EdgeCacheOptions, edgeCache } from "./http/edge-cache.js";
import { entityTags } from "./http/entity-tags.js";
import { ApiError, describeErrorForLog, isDatabaseFailure, problemCodes, problemResponse, toApiError } from "./http/problem.js";
import { accessResponses, bodyLimitResponses, createRouter, rateLimitHeaders, urlLimitResponses } from "./http/router.js";
import { createTokenSigner } from "./http/signed-token.js";
import { type Compress, staticAnswer } from "./http/static-answer.js";
import { urlLimit } from "./http/url-limit.js";
import { registerKeyRoutes } from "./keys/routes.js";
import { registerLlmsRoutes } from "./llms/routes.js";
import { createLogger } from "./logger.js";
import { registerMcpRoutes } from "./mcp/routes.js";
import { registerPrepPlanRoutes } from "./prep-plan/routes.js";
import { registerDailyQuestion } from "./questions/daily.js";
import { questionFromPath, registerGetQuestion } from "./questions/get.js";
import { listFromQuery, registerListQuestions } from "./questions/list.js";
import { type BankModel, createBankModels } from "./questions/model.js";
import { registerQuestionPage } from "./questions/page.js";
import { dealFromQuery, registerRandomQuestions } from "./questions/random.js";
import { registerResourceRoutes } from "./resources/routes.js";
import { registerSalaryRoutes } from "./salaries/routes.js";
import { registerServiceRoutes } from "./service/routes.js";
import { registerSubscriberRoutes } from "./subscribers/routes.js";

export const API_VERSION = "1.0.0";
export const MAX_BODY_BYTES = 16 * 1024;
export const DEFAULT_ANON_RATE_LIMIT = 300;

export const openApiConfig = {
  openapi: "3.1.0",
  info: {
    title: "ML Interview Questions API",
    version: API_VERSION,
    description:
      "Machine-learning interview questions with detailed answers and tested code examples, organised by category and by what each company asks, plus an 8-week prep plan and recommended resources. Every error is RFC 9457 problem+json; reads send Cache-Control and, when cacheable, an ETag; lists are cursor-paginated.\n\n" +
      "**Rate limits.** Anonymous callers get 300 requests per minute per address (configurable); a publishable (`pk_…`, browsers, bound to origins) or secret (`sk_…`, servers) key sent as `Authorization: Bearer` carries its own limit. Every response reports `RateLimit-Policy`, `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`; over the limit is 429 with `Retry-After`. A bad key is 401 or 403, never ignored.\n\n" +
      "**Caching.** Content (questions, categories, companies, prep plan, resources): `public, max-age=300, stale-while-revalidate=3600`. The daily question: until the next UTC midnight. Random questions: `no-store`. Widget and oEmbed: one hour; embed pages like the question they show. This document: one hour, compressed by `Accept-Encoding` where the runtime does it. Problem types: one day. Errors, subscriber and admin answers: `no-store`. On Workers, public answers are also served from the edge cache, keyed by the content version, so a content reload replaces all of them at once.",
    license: { name: "MIT", identifier: "MIT" },
  },
  // Anonymous calls work; an API key raises the rate limit.
  security: [{}, { apiKey: [] }] as Array<Record<string, string[]>>,
  tags: [
    { name: "Questions", description: "The question bank: list, search, random decks, question of the day, one question" },
    { name: "Categories", description: "The five topic categories" },
    { name: "Companies", description: "What each company's ML interviews focus on" },
    { name: "Salaries", description: "What ML roles pay by company, level and location: ranges with their source and date" },
    { name: "Prep plan", description: "The 8-week preparation timeline" },
    { name: "Resources", description: "Recommended books, courses and services with prices" },
    { name: "Subscribers", description: "The emailed question bank: double opt-in sign-up, confirmation, preferences, one-click unsubscribe" },
    { name: "Admin", description: "Operator endpoints, behind ADMIN_API_KEY" },
    { name: "Embeds", description: "The <ml-question> widget, iframe-able pages and oEmbed, for putting questions on other sites" },
    { name: "Pages", description: "Pages for people: a question with its answer, where our embeds, widget and mails link to" },
    { name: "Service", description: "Health and the API's own description" },
  ],
};

export function createApp(
  deps: AppDeps & {
    docsScript?: () => Promise<Uint8Array>;
    /** Compresses the large static answers once (node:zlib on Node); without it they are sent as they are. */
    compress?: Compress;
    edgeCache?: EdgeCacheOptions;
    responseCache?: ResponseCacheHook;
  },
) {
  const bankModels = createBankModels({
    checkMs: deps.contentVersionCheckMs ?? 0,
    warmDetails: deps.warmQuestionDetails ?? false,
    ...(deps.questionDetailBudgetBytes === undefined ? {} : { detailBudget: deps.questionDetailBudgetBytes }),
  });
  // A long-lived process builds the model (and, in the background, every question's JSON) now, not on the first read.
  if (deps.warmQuestionDetails) bankModels(deps.db).catch(() => undefined);
  const services: Services = {
    bank: () => bankModels(deps.db),
    db: deps.db,
    publicUrl: deps.config.publicUrl,
    now: deps.clock ?? (() => new Date()),
    logger: deps.logger ?? createLogger("silent"),
    cursors: createTokenSigner(deps.config.signingSecret, "cursor", deps.hmacSha256),
    decks: createTokenSigner(deps.config.signingSecret, "deck", deps.hmacSha256),
    links: createTokenSigner(deps.config.signingSecret, "subscriber-link", deps.hmacSha256),
    signupLimitPerClient: deps.config.signupLimitPerClient ?? 10,
    adminApiKey: deps.config.adminApiKey,
    anonRateLimitPerMinute: deps.config.anonRateLimitPerMinute ?? DEFAULT_ANON_RATE_LIMIT,
    // On Workers, Cloudflare names the client; an IPv6 one is counted by its /64.
    clientAddress: deps.clientAddress ?? ((c) => rateLimitAddress(c.req.header("CF-Connecting-IP") ?? "unknown")),
    onMailQueued: deps.onMailQueued ?? (() => {}),
    databaseCheck: deps.databaseCheck ?? (async () => null),
  };
  const app = createRouter();
  const rateLimitStore = deps.rateLimitStore ?? new MemoryStore<AppEnv>();

  // Outermost, so what it stores is the answer exactly as the whole chain produced it. The reads
  // the bank model answers without a query are computed by it directly, with the same bytes and
  // headers, once the model of the version the cache serves is built.
  if (deps.responseCache) {
    app.use("*", deps.responseCache.middleware(rateLimitStore, services));
    const hook = deps.responseCache;
    const withModel =
      <T>(read: (model: BankModel, request: FastRequest) => T) =>
      (request: FastRequest, version: string) => {
        const model = bankModels.peek(version);
        return model ? read(model, request) : null;
      };
    hook.fastRead(
      "/v1/questions",
      withModel((model, request) => listFromQuery(services, model, request)),
    );
    hook.fastRead(
      "/v1/questions/random",
      withModel((model, request) => dealFromQuery(services, model, request.search)),
    );
    hook.fastRead("/v1/questions/", withModel(questionFromPath), { prefix: true });
  }

  app.use(
    "*",
    requestId({ headerName: "X-Request-Id", limitLength: 128 }),
    async (c, next) => {
      c.set("services", services);
      await next();
    },
    secureHeadersExceptEmbeds({
      xFrameOptions: "DENY",
      referrerPolicy: "no-referrer",
      strictTransportSecurity: "max-age=31536000; includeSubDomains",
      crossOriginResourcePolicy: "cross-origin",
      crossOriginOpenerPolicy: false,
      originAgentCluster: false,
      xXssProtection: false,
      xDownloadOptions: false,
      xPermittedCrossDomainPolicies: false,
      xDnsPrefetchControl: false,
    }),
  );
  // The JSON API is read by any origin: apps, widgets, SDKs in browsers. hono/cors answers the
  // preflights; on other requests the same headers are added after the handler, because setting
  // them before it makes Hono rebuild every response around a stream (a third of a cheap read).
  const exposeHeaders = ["ETag", "Link", "X-Request-Id", "Retry-After", "Cache-Control", ...RATE_LIMIT_HEADERS];
  const preflight = cors({
    origin: "*",
    allowMethods: ["GET", "HEAD", "POST", "PUT", "OPTIONS"],
    allowHeaders: ["Authorization", "Content-Type", "If-None-Match", "X-Request-Id", "Mcp-Protocol-Version"],
    exposeHeaders,
    maxAge: 86400,
  });
  const exposed = exposeHeaders.join(",");
  const crossOrigin: MiddlewareHandler<AppEnv> = async (c, next) => {
    await next();
    if (c.req.method === "OPTIONS" && c.res.status === 204) return;
    c.res.headers.set("Access-Control-Allow-Origin", "*");
    c.res.headers.set("Access-Control-Expose-Headers", exposed);
  };
  app.use("/v1/*", crossOrigin);
  app.use("/mcp", crossOrigin);
  app.use("*", async (c, next) => {
    await next();
    // JSON and problem documents are never meant to be rendered as pages.
    if (!c.res.headers.get("Content-Type")?.startsWith("text/html") && !c.res.headers.has("Content-Security-Policy")) {
      c.res.headers.set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    }
  });
  // Before everything else a request can cost, preflights included: each one is a request too.
  app.use("*", ...accessControl(rateLimitStore));
  const answerPreflight: MiddlewareHandler<AppEnv> = (c, next) => (c.req.method === "OPTIONS" ? preflight(c, next) : next());
  app.use("/v1/*", answerPreflight);
  app.use("/mcp", answerPreflight);
  // An overlong URL is refused (414) before it is parsed or costs a query; it still counts as a request.
  app.use("*", urlLimit());
  // A 304 keeps the caller's rate-limit state and the request id.
  app.use("*", entityTags([...RETAINED_304_HEADERS, "x-request-id", ...RATE_LIMIT_HEADERS]));
  // What each documented GET declares, read once all routes are registered (at the first request).
  let declared: DeclaredQueries | undefined;
  const declaredFor: DeclaredQueries = (path) => (declared ??= declaredQueries(app))(path);
  if (deps.edgeCache) app.use("*", edgeCache(deps.edgeCache, declaredFor));
  // Only requests that carry a body: reading a GET's body would build a whole WHATWG Request for nothing.
  const limitBody = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new ApiError("payload-too-large", `Request bodies are limited to ${MAX_BODY_BYTES} bytes.`);
    },
  });
  app.use("*", (c, next) => (c.req.method === "GET" || c.req.method === "HEAD" ? next() : limitBody(c, next)));
  // A write into a database file that was deleted or replaced would be accepted and lost: refused.
  app.use("*", async (c, next) => {
    if (c.req.method !== "GET" && c.req.method !== "HEAD" && c.req.method !== "OPTIONS") {
      const problem = await services.databaseCheck({ probeWrite: false });
      if (problem) throw new ApiError("database-unavailable", problem, { headers: { "Retry-After": "60" } });
    }
    await next();
  });

  // Fixed paths before parameterised ones: /v1/questions/random is not a slug.
  registerListQuestions(app);
  registerRandomQuestions(app);
  registerDailyQuestion(app);
  registerGetQuestion(app);
  registerCategoryRoutes(app);
  registerCompanyRoutes(app);
  registerSalaryRoutes(app);
  registerPrepPlanRoutes(app);
  registerResourceRoutes(app);
  registerSubscriberRoutes(app);
  registerAdminRoutes(app);
  registerKeyRoutes(app);
  registerServiceRoutes(app);
  registerEmbedRoutes(app);
  registerMcpRoutes(app, { rateLimitStore, version: API_VERSION });
  registerQuestionPage(app);
  declareCommonHeaders(app);

  app.openAPIRegistry.registerComponent("securitySchemes", "apiKey", {
    type: "http",
    scheme: "bearer",
    description:
      "Optional. A publishable key (`pk_…`, from browsers on the origins it was issued for) or a secret key (`sk_…`, from servers) raises your rate limit. Without one you are limited per client address.",
  });
  // Each deployment describes itself: its own server and its own reference page as the contact.
  const documentConfig = () => ({
    ...openApiConfig,
    info: { ...openApiConfig.info, contact: { name: openApiConfig.info.title, url: `${services.publicUrl}/docs` } },
    servers: [{ url: services.publicUrl }],
  });
  registerLlmsRoutes(app, () => app.getOpenAPI31Document(documentConfig()), services.publicUrl);
  // Both are built once (bytes, compressed variants, entity tags) and then only picked per request.
  app.get(
    "/openapi.json",
    staticAnswer({
      contentType: "application/json",
      cacheControl: "public, max-age=3600",
      compress: deps.compress,
      build: async () => new TextEncoder().encode(JSON.stringify(app.getOpenAPI31Document(documentConfig()))),
    }),
  );
  const docsScript = deps.docsScript;
  app.get(
    "/docs/scalar.js",
    docsScript
      ? staticAnswer({
          contentType: "text/javascript; charset=utf-8",
          cacheControl: "public, max-age=86400",
          compress: deps.compress,
          build: docsScript,
        })
      : () => {
          throw new ApiError("not-found", "The docs script is served by the platform's static assets here.");
        },
  );
  app.get(
    "/docs",
    async (c, next) => {
      await next();
      c.res.headers.set(
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'",
      );
    },
    Scalar({ url: "/openapi.json", cdn: "/docs/scalar.js", pageTitle: "ML Interview Questions API", withDefaultFonts: false }),
  );
  app.get("/problems/:code", (c) => {
    const code = c.req.param("code") as keyof typeof problemCodes;
    const known = problemCodes[code];
    if (!known) throw new ApiError("not-found", `No problem type '${code}'.`);
    c.header("Cache-Control", "public, max-age=86400");
    return c.json({ code, status: known.status, title: known.title, documentation: `${services.publicUrl}/docs` });
  });

  const routes = app.routes.map((r) => ({ method: r.method, pattern: routePattern(r.path) }));
  if (deps.responseCache) deps.responseCache.declareQueries(declaredFor);
  app.notFound((c) => {
    const path = c.req.path;
    const allowed = [...new Set(routes.filter((r) => r.method !== "ALL" && r.pattern.test(path)).map((r) => r.method))];
    if (allowed.includes("GET")) allowed.push("HEAD");
    // The patterns forgive a trailing slash the router does not: `GET /v1/questions/` is no resource, not a wrong method.
    if (allowed.length > 0 && !allowed.includes(c.req.method)) {
      return problemResponse(
        c,
        new ApiError("method-not-allowed", `${c.req.method} is not allowed on ${path}. Allowed: ${allowed.join(", ")}.`, {
          headers: { Allow: allowed.join(", ") },
        }),
      );
    }
    return problemResponse(c, new ApiError("not-found", `No endpoint at ${path}. See ${services.publicUrl}/docs.`));
  });
  app.onError((err, c: Context<AppEnv>) => {
    const apiError = toApiError(err);
    const databaseFailure = isDatabaseFailure(err) || apiError.code === "database-unavailable";
    const fields = () => ({ requestId: c.get("requestId"), path: c.req.path, ...describeErrorForLog(err) });
    // An operator is paged for what they must fix (a database failure, a bug), never for an answer
    // any client can ask for on purpose: a 4xx, or a 501 for a format we do not implement.
    if (databaseFailure) services.logger.error("database failure", fields());
    else if (!(err instanceof ApiError)) services.logger.error("unhandled error", fields());
    else if (apiError.status >= 500) services.logger.debug("answered with a server-side problem on purpose", { ...fields(), code: apiError.code });
    return problemResponse(c, apiError);
  });
  return app;
}

/**
 * Every response carries a request id and the caller's rate limit: say so on every response in the
 * document. And what the app-wide middlewares answer on any route, where a route does not say it
 * already: a refused key or too many requests (401/403/429, on every path), a URL over 8 KB (414,
 * on every path), a body over the limit (413, on everything but GET).
 */
function declareCommonHeaders(app: ReturnType<typeof createRouter>) {
  const common = {
    "X-Request-Id": { description: "Identifies this request in our logs", schema: { type: "string" as const } },
    ...rateLimitHeaders,
  };
  for (const definition of app.openAPIRegistry.definitions) {
    if (definition.type !== "route") continue;
    definition.route.responses = {
      ...accessResponses,
      ...urlLimitResponses,
      ...(definition.route.method === "get" ? {} : bodyLimitResponses),
      ...definition.route.responses,
    };
    for (const response of Object.values(definition.route.responses)) {
      if ("$ref" in response) continue;
      const config = response as { headers?: unknown };
      if (config.headers !== undefined && !isPlainRecord(config.headers)) continue;
      config.headers = { ...common, ...(config.headers as Record<string, unknown> | undefined) };
    }
  }
}

/** The query parameters each documented GET declares, by path: what the response cache may key on. */
function declaredQueries(app: ReturnType<typeof createRouter>): DeclaredQueries {
  const byRoute: Array<{ pattern: RegExp; names: Set<string> }> = [];
  for (const definition of app.openAPIRegistry.definitions) {
    if (definition.type !== "route" || definition.route.method !== "get") continue;
    const query = definition.route.request?.query as { shape?: Record<string, unknown> } | undefined;
    byRoute.push({ pattern: routePattern(definition.route.path.replace(/\{([^}]+)\}/g, ":$1")), names: new Set(Object.keys(query?.shape ?? {})) });
  }
  return (path) => byRoute.find((r) => r.pattern.test(path))?.names ?? null;
}

function isPlainRecord(value: unknown): boolean {
  return typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/** Hono's `/v1/questions/:idOrSlug` as a RegExp, to tell 405 from 404. */
function routePattern(path: string): RegExp {
  const source = path
    .split("/")
    .map((part) => (part.startsWith(":") ? "[^/]+" : part === "*" ? ".*" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("/");
  return new RegExp(`^${source}/?$`);
}

export type App = ReturnType<typeof createApp>;
