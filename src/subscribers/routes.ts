import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv, Services } from "../app-env.js";
import { listCategories } from "../categories/queries.js";
import { listCompanies } from "../companies/queries.js";
import { ApiError, PROBLEM_CONTENT_TYPE, problemSchema } from "../http/problem.js";
import { clientKey, hitRateLimit } from "../http/rate-limit.js";
import { routeAnswer } from "../http/route-answer.js";
import { accessResponses, type createRouter, errorResponses, notModified, validationError } from "../http/router.js";
import { renderConfirmationMail, renderWelcomeMail } from "../mail/templates.js";
import { assertKnownFilterValues } from "../questions/filters.js";
import { maskAddress, normalizeAddress } from "./address.js";
import { bankHtml, bankMarkdown } from "./bank.js";
import { confirmLink, listHeaders, subscriberFromLink, subscriberLink } from "./links.js";
import { answer, escapeHtml, page } from "./pages.js";
import {
  confirmSubscriber,
  findSubscriber,
  findSubscriberByConfirmHash,
  findSubscriberIdByKey,
  nextQuestionTime,
  preferencesOf,
  signUp,
  unsubscribeSubscriber,
  updatePreferences,
} from "./queries.js";
import {
  frequencies,
  type Preferences,
  preferencesSchema,
  subscribeAcceptedSchema,
  subscribeRequestSchema,
  subscriberPreferencesSchema,
  subscriptionStateSchema,
  tokenQuerySchema,
} from "./schemas.js";
import { CONFIRM_TOKEN_PATTERN, hashToken, newConfirmToken, newId } from "./tokens.js";

const CONFIRM_WINDOW_SECONDS = 600;
const SIGNUP_WINDOW_SECONDS = 600;
const CONFIRM_TTL_MS = 48 * 3600 * 1000;
const ACCEPTED = {
  status: "accepted" as const,
  message: "If this address can receive mail, a confirmation link is on its way. Follow it to receive the question bank.",
};

const problemContent = { [PROBLEM_CONTENT_TYPE]: { schema: problemSchema } };
const htmlPageSchema = z.string().openapi("HtmlPage", { description: "A page for a person", example: "<!doctype html><html>…</html>" });
const htmlContent = { "text/html": { schema: htmlPageSchema } };
const limitedResponses = {
  400: errorResponses[400],
  404: errorResponses[404],
  ...accessResponses,
  500: errorResponses[500],
  503: errorResponses[503],
};

/** Slugs in preferences must name categories and companies we have (a 400 lists them). */
async function assertKnownPreferences(services: Services, preferences: Preferences) {
  for (const category of preferences.categories) await assertKnownFilterValues(services.db, { category });
  for (const company of preferences.companies) await assertKnownFilterValues(services.db, { company });
}

// ---------------------------------------------------------------------------------------------
export const subscribeRoute = createRoute({
  method: "post",
  path: "/v1/subscribers",
  operationId: "subscribe",
  tags: ["Subscribers"],
  summary: "Sign up for the emailed question bank",
  description:
    "Starts a double opt-in: a confirmation link goes to the address. The answer is the same 202 whether the address is new, pending or already confirmed, so this endpoint cannot tell anyone who subscribed. At most one confirmation mail per address per 10 minutes; sign-ups are rate limited per client.",
  request: { body: { required: true, content: { "application/json": { schema: subscribeRequestSchema } } } },
  responses: {
    202: { description: "Accepted (for every valid address)", content: { "application/json": { schema: subscribeAcceptedSchema } } },
    ...errorResponses,
    413: { description: "The body is larger than 16 KB", content: problemContent },
    415: { description: "The body is not JSON", content: problemContent },
  },
});

async function handleSubscribe(c: Context<AppEnv>) {
  const services = c.get("services");
  const now = services.now();
  const limit = await hitRateLimit(
    services.db,
    `signup:${await clientKey(services.clientAddress(c))}`,
    services.signupLimitPerClient,
    SIGNUP_WINDOW_SECONDS,
    now,
  );
  if (!limit.allowed) {
    throw new ApiError("too-many-requests", `Too many sign-ups from this client; retry in ${limit.retryAfterSeconds} seconds.`, {
      headers: { "Retry-After": String(limit.retryAfterSeconds) },
    });
  }
  // Parsed here rather than by the route's validator so the rate limit counts malformed attempts too.
  const raw = await c.req.json().catch(() => {
    throw new ApiError("malformed-json", 'The body must be a JSON object such as {"email": "ada@example.com"}.');
  });
  const parsed = subscribeRequestSchema.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error, "json");
  const preferences = parsed.data.preferences ?? preferencesSchema.parse({});
  await assertKnownPreferences(services, preferences);

  const { email, key } = normalizeAddress(parsed.data.email);
  const id = (await findSubscriberIdByKey(services.db, key)) ?? newId();
  const token = newConfirmToken();
  const origin = c.req.header("Origin");
  const queued = await signUp(services.db, {
    id,
    email,
    key,
    preferences,
    source: `api${origin ? ` (origin ${origin.slice(0, 200)})` : ""}`,
    now,
    windowSeconds: CONFIRM_WINDOW_SECONDS,
    confirmHash: await hashToken(token),
    confirmExpiresAt: new Date(now.getTime() + CONFIRM_TTL_MS).toISOString(),
    mail: {
      dedupeKey: `confirmation:${id}:${now.getTime()}:${token.slice(0, 8)}`,
      kind: "confirmation",
      headers: await listHeaders(services, id),
      ...renderConfirmationMail({ confirmUrl: confirmLink(services, token), publicUrl: services.publicUrl }),
    },
  });
  services.logger.info("sign-up", { address: maskAddress(email), queued });
  if (queued) services.onMailQueued(c);
  c.header("Cache-Control", "no-store");
  return c.json(ACCEPTED, 202);
}

// ---------------------------------------------------------------------------------------------
export const confirmRoute = createRoute({
  method: "get",
  path: "/v1/subscribers/confirm",
  operationId: "confirmSubscription",
  tags: ["Subscribers"],
  summary: "Confirm a sign-up (the link in the confirmation mail)",
  description:
    'Confirms the subscription and sends the welcome mail with the question bank. Safe to follow more than once ("already confirmed"); it never re-subscribes an address that has unsubscribed (410). Answers an HTML page, or JSON with `Accept: application/json`.',
  request: { query: tokenQuerySchema },
  responses: {
    200: { description: "Confirmed, or already confirmed", content: { "application/json": { schema: subscriptionStateSchema }, ...htmlContent } },
    400: { description: "A malformed or expired token", content: problemContent },
    404: { description: "No sign-up has this token", content: problemContent },
    410: { description: "This address has unsubscribed; sign up again to come back", content: problemContent },
    ...accessResponses,
    500: errorResponses[500],
    503: errorResponses[503],
  },
});

async function handleConfirm(c: Context<AppEnv>, token: string) {
  const services = c.get("services");
  const now = services.now();
  if (!CONFIRM_TOKEN_PATTERN.test(token))
    throw new ApiError("bad-request", "This confirmation link is malformed; copy the whole link from the mail.");
  const subscriber = await findSubscriberByConfirmHash(services.db, await hashToken(token));
  if (!subscriber)
    throw new ApiError("not-found", "This confirmation link is not valid (a newer one may have replaced it). Sign up again to get a new one.");
  if (subscriber.status === "unsubscribed")
    throw new ApiError("gone", "This address has unsubscribed. Sign up again if you want the question bank back.");
  if (subscriber.status === "confirmed") {
    return answer(c, 200, { status: "already-confirmed" as const, message: "This address is already confirmed." }, () =>
      page("Already confirmed", "<p>Your subscription was already confirmed. Nothing else to do.</p>"),
    );
  }
  if (!subscriber.confirm_expires_at || subscriber.confirm_expires_at <= now.toISOString()) {
    throw new ApiError("bad-request", "This confirmation link has expired. Sign up again to get a new one.");
  }
  const preferences = preferencesOf(subscriber);
  await confirmSubscriber(services.db, subscriber.id, now, nextQuestionTime(preferences.frequency, now), {
    dedupeKey: `welcome:${subscriber.id}`,
    kind: "welcome",
    headers: await listHeaders(services, subscriber.id),
    ...renderWelcomeMail({
      bankUrl: await subscriberLink(services, "bank", subscriber.id),
      bankMarkdownUrl: await subscriberLink(services, "bank", subscriber.id, "&format=markdown"),
      preferencesUrl: await subscriberLink(services, "preferences", subscriber.id),
      unsubscribeUrl: await subscriberLink(services, "unsubscribe", subscriber.id),
      frequency: preferences.frequency,
    }),
  });
  services.onMailQueued(c);
  return answer(
    c,
    200,
    { status: "confirmed" as const, message: "Your subscription is confirmed. The question bank is on its way to your inbox." },
    () => page("Subscription confirmed", "<p>Thank you. The question bank is on its way to your inbox.</p>"),
  );
}

// ---------------------------------------------------------------------------------------------
const linkError = () => new ApiError("bad-request", "This link is not valid; use the whole link from one of our mails.");

export const unsubscribePageRoute = createRoute({
  method: "get",
  path: "/v1/subscribers/unsubscribe",
  operationId: "getUnsubscribePage",
  tags: ["Subscribers"],
  summary: "The unsubscribe page (the link in every mail)",
  description:
    "Shows a page with an Unsubscribe button; following the link alone changes nothing, because mail scanners prefetch links. POST to the same URL to unsubscribe.",
  request: { query: tokenQuerySchema },
  responses: {
    200: {
      description: "The page, or the current state as JSON",
      content: { "application/json": { schema: subscriptionStateSchema }, ...htmlContent },
    },
    ...limitedResponses,
  },
});

export const unsubscribeRoute = createRoute({
  method: "post",
  path: "/v1/subscribers/unsubscribe",
  operationId: "unsubscribe",
  tags: ["Subscribers"],
  summary: "Unsubscribe (RFC 8058 one-click)",
  description:
    "Unsubscribes the address the link was issued for and cancels mail not yet sent. Accepts the RFC 8058 one-click body `List-Unsubscribe=One-Click` (or none). Doing it twice is harmless.",
  request: { query: tokenQuerySchema },
  responses: {
    200: { description: "Unsubscribed", content: { "application/json": { schema: subscriptionStateSchema }, ...htmlContent } },
    ...limitedResponses,
  },
});

const unsubscribedState = { status: "unsubscribed" as const, message: "You are unsubscribed and will get no more mail from us." };

// ---------------------------------------------------------------------------------------------
export const getPreferencesRoute = createRoute({
  method: "get",
  path: "/v1/subscribers/preferences",
  operationId: "getSubscriberPreferences",
  tags: ["Subscribers"],
  summary: "Read your preferences (the link in every mail)",
  description: "The subscriber's status and preferences as JSON, or a form to change them for a person.",
  request: { query: tokenQuerySchema },
  responses: {
    200: { description: "Status and preferences", content: { "application/json": { schema: subscriberPreferencesSchema }, ...htmlContent } },
    ...limitedResponses,
  },
});

export const updatePreferencesRoute = createRoute({
  method: "put",
  path: "/v1/subscribers/preferences",
  operationId: "updateSubscriberPreferences",
  tags: ["Subscribers"],
  summary: "Change your preferences",
  description: "Replaces categories, companies and frequency. The form on the preferences page POSTs the same fields form-encoded.",
  request: { query: tokenQuerySchema, body: { required: true, content: { "application/json": { schema: preferencesSchema } } } },
  responses: {
    200: { description: "The new preferences", content: { "application/json": { schema: subscriberPreferencesSchema } } },
    ...limitedResponses,
    410: { description: "This address has unsubscribed", content: problemContent },
  },
});

async function linkedSubscriber(c: Context<AppEnv>, purpose: "unsubscribe" | "preferences" | "bank", token: string) {
  const services = c.get("services");
  const id = await subscriberFromLink(services, purpose, token);
  if (!id) throw linkError();
  return { services, id, subscriber: await findSubscriber(services.db, id) };
}

function preferencesForm(
  token: string,
  preferences: Preferences,
  categories: Array<{ slug: string; name: string }>,
  companies: Array<{ slug: string; name: string }>,
  saved: boolean,
) {
  const box = (name: string, item: { slug: string; name: string }, checked: boolean) =>
    `<label style="font-weight:400"><input type="checkbox" name="${name}" value="${escapeHtml(item.slug)}"${checked ? " checked" : ""}> ${escapeHtml(item.name)}</label>`;
  return page(
    "Your preferences",
    `${saved ? "<p><strong>Saved.</strong></p>" : ""}<form method="post" action="?token=${escapeHtml(token)}">
<label for="frequency">Question mails</label><select id="frequency" name="frequency">${frequencies
      .map((f) => `<option value="${f}"${f === preferences.frequency ? " selected" : ""}>${f === "none" ? "none (the bank only)" : f}</option>`)
      .join("")}</select>
<fieldset><label>Categories (none ticked: all)</label>${categories.map((c) => box("categories", c, preferences.categories.includes(c.slug))).join("")}</fieldset>
<fieldset><label>Companies (none ticked: all)</label>${companies.map((c) => box("companies", c, preferences.companies.includes(c.slug))).join("")}</fieldset>
<p><button type="submit">Save</button></p></form>`,
  );
}

// ---------------------------------------------------------------------------------------------
export const bankRoute = createRoute({
  method: "get",
  path: "/v1/subscribers/bank",
  operationId: "getQuestionBank",
  tags: ["Subscribers"],
  summary: "The complete question bank (subscribers only)",
  description:
    "Every question with its answer and code, grouped by category, with how each company interviews: one HTML document, or Markdown with `format=markdown`. Only confirmed subscribers have a valid link.",
  request: {
    query: tokenQuerySchema.extend({
      format: z
        .enum(["html", "markdown"])
        .default("html")
        .openapi({ param: { name: "format", in: "query" }, example: "markdown" }),
    }),
  },
  responses: {
    200: {
      description: "The bank",
      content: {
        "text/html": { schema: htmlPageSchema },
        "text/markdown": { schema: z.string().openapi("MarkdownDocument", { example: "# The ML Interview Question Bank\n…" }) },
      },
    },
    ...notModified,
    ...limitedResponses,
    403: { description: "The subscription is not (or no longer) confirmed", content: problemContent },
  },
});

// ---------------------------------------------------------------------------------------------
export const preferencesFormRoute = createRoute({
  method: "post",
  path: "/v1/subscribers/preferences",
  operationId: "submitSubscriberPreferencesForm",
  tags: ["Subscribers"],
  summary: "Change your preferences from the form",
  description:
    "What the preferences page's form submits: `frequency`, and `categories` and `companies` repeated once per ticked box. Answers the page again.",
  request: {
    query: tokenQuerySchema,
    body: {
      required: true,
      content: {
        "application/x-www-form-urlencoded": {
          schema: z
            .object({
              frequency: z.enum(frequencies),
              categories: z.union([z.string(), z.array(z.string())]).optional(),
              companies: z.union([z.string(), z.array(z.string())]).optional(),
            })
            .openapi("PreferencesForm"),
        },
      },
    },
  },
  responses: {
    200: {
      description: "The page, saved (or the saved preferences as JSON, with `Accept: application/json`)",
      content: { "application/json": { schema: subscriberPreferencesSchema }, ...htmlContent },
    },
    ...limitedResponses,
    410: { description: "Unsubscribed", content: problemContent },
  },
});

async function showPreferences(c: Context<AppEnv>, token: string, saved: boolean) {
  const { services, subscriber } = await linkedSubscriber(c, "preferences", token);
  if (!subscriber) throw new ApiError("not-found", "This subscription no longer exists.");
  const preferences = preferencesOf(subscriber);
  const [categories, companies] = await Promise.all([listCategories(services.db), listCompanies(services.db, services.publicUrl)]);
  return answer(c, 200, { status: subscriber.status, preferences }, () =>
    subscriber.status === "unsubscribed"
      ? page("Unsubscribed", "<p>You are unsubscribed. Sign up again to choose preferences.</p>")
      : preferencesForm(token, preferences, categories, companies, saved),
  );
}

async function savePreferences(c: Context<AppEnv>, token: string, input: unknown) {
  const { services, id, subscriber } = await linkedSubscriber(c, "preferences", token);
  if (!subscriber) throw new ApiError("not-found", "This subscription no longer exists.");
  if (subscriber.status === "unsubscribed") throw new ApiError("gone", "This address has unsubscribed; sign up again to choose preferences.");
  const parsed = preferencesSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error, "json");
  await assertKnownPreferences(services, parsed.data);
  const now = services.now();
  // A new frequency starts counting from now; an unchanged one keeps its schedule.
  const next = parsed.data.frequency === subscriber.frequency ? subscriber.next_question_at : nextQuestionTime(parsed.data.frequency, now);
  await updatePreferences(services.db, id, parsed.data, subscriber.status === "confirmed" ? next : null, now);
  return parsed.data;
}

const asList = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

// ---------------------------------------------------------------------------------------------
export function registerSubscriberRoutes(app: ReturnType<typeof createRouter>) {
  // Documented with its body schema, but parsed by the handler so malformed attempts count
  // against the rate limit too.
  app.openAPIRegistry.registerPath(subscribeRoute);
  app.post(subscribeRoute.path, handleSubscribe);

  app.openapi(confirmRoute, async (c) => routeAnswer(confirmRoute, await handleConfirm(c, c.req.valid("query").token)));

  app.openapi(unsubscribePageRoute, async (c) => {
    const { token } = c.req.valid("query");
    const { subscriber } = await linkedSubscriber(c, "unsubscribe", token);
    if (!subscriber || subscriber.status === "unsubscribed") {
      return routeAnswer(
        unsubscribePageRoute,
        answer(c, 200, unsubscribedState, () => page("Unsubscribed", "<p>You are unsubscribed. No more mail will come from us.</p>")),
      );
    }
    const confirmPage = answer(c, 200, { status: "confirmed" as const, message: "POST to this URL to unsubscribe." }, () =>
      page(
        "Unsubscribe",
        `<p>Press the button to stop all mail from the ML Interview Question Bank.</p>
<form method="post" action="?token=${escapeHtml(token)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>`,
      ),
    );
    return routeAnswer(unsubscribePageRoute, confirmPage);
  });

  app.openapi(unsubscribeRoute, async (c) => {
    const { token } = c.req.valid("query");
    const { services, id } = await linkedSubscriber(c, "unsubscribe", token);
    await unsubscribeSubscriber(services.db, id, services.now());
    services.logger.info("unsubscribed", { subscriber: id });
    return routeAnswer(
      unsubscribeRoute,
      answer(c, 200, unsubscribedState, () => page("Unsubscribed", "<p>You are unsubscribed. No more mail will come from us.</p>")),
    );
  });

  app.openapi(getPreferencesRoute, async (c) => routeAnswer(getPreferencesRoute, await showPreferences(c, c.req.valid("query").token, false)));

  app.openAPIRegistry.registerPath(updatePreferencesRoute);
  app.put(updatePreferencesRoute.path, async (c) => {
    const token = tokenQuerySchema.safeParse(c.req.query());
    if (!token.success) throw validationError(token.error, "query");
    const body = await c.req.json().catch(() => {
      throw new ApiError("malformed-json", "The body must be a JSON object with categories, companies and frequency.");
    });
    const preferences = await savePreferences(c, token.data.token, body);
    const { subscriber } = await linkedSubscriber(c, "preferences", token.data.token);
    c.header("Cache-Control", "no-store");
    return c.json({ status: subscriber?.status ?? "confirmed", preferences }, 200);
  });

  app.openAPIRegistry.registerPath(preferencesFormRoute);
  app.post(preferencesFormRoute.path, async (c) => {
    const token = tokenQuerySchema.safeParse(c.req.query());
    if (!token.success) throw validationError(token.error, "query");
    const form = await c.req.parseBody({ all: true }).catch(() => {
      throw new ApiError("bad-request", "The form could not be read.");
    });
    // The form always sends its select: a post without it is not our form, and is not read as
    // "weekly" (the JSON PUT's default for a new subscriber's preferences).
    if (typeof form.frequency !== "string") {
      throw new ApiError("validation-failed", "The form must send frequency.", {
        extra: { invalidParams: [{ name: "frequency", in: "body", reason: "Required" }] },
      });
    }
    await savePreferences(c, token.data.token, {
      frequency: form.frequency,
      categories: asList(form.categories as string | string[] | undefined),
      companies: asList(form.companies as string | string[] | undefined),
    });
    return showPreferences(c, token.data.token, true);
  });

  app.openapi(bankRoute, async (c) => {
    const { token, format } = c.req.valid("query");
    const { services, subscriber } = await linkedSubscriber(c, "bank", token);
    if (subscriber?.status !== "confirmed") {
      throw new ApiError("forbidden", "The question bank is for confirmed subscribers; this subscription is not active.");
    }
    c.header("Cache-Control", "private, max-age=3600");
    c.header("X-Robots-Tag", "noindex");
    if (format === "markdown") {
      c.header("Content-Type", "text/markdown; charset=utf-8");
      return routeAnswer(bankRoute, c.body(await bankMarkdown(services.db, services.publicUrl, services.now()), 200));
    }
    c.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'");
    return routeAnswer(bankRoute, c.html(await bankHtml(services.db, services.now()), 200));
  });
}
