import { createRoute, z } from "@hono/zod-openapi";
import { PROBLEM_CONTENT_TYPE, problemSchema } from "../http/problem.js";
import { routeAnswer } from "../http/route-answer.js";
import { accessResponses, type createRouter, errorResponses, notModified } from "../http/router.js";
import {
  confirm,
  replacePreferences,
  showBank,
  showConfirmation,
  showPreferences,
  showUnsubscribe,
  submitPreferencesForm,
  subscribe,
  unsubscribe,
} from "./handlers.js";
import {
  frequencies,
  preferencesSchema,
  subscribeAcceptedSchema,
  subscribeRequestSchema,
  subscriberPreferencesSchema,
  subscriptionStateSchema,
  tokenQuerySchema,
} from "./schemas.js";

// The contracts of the subscriber endpoints and their wiring; the work is in handlers.ts, the
// pages people see in pages.ts.

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
const confirmResponses = {
  400: { description: "A malformed or expired token", content: problemContent },
  404: { description: "No sign-up has this token", content: problemContent },
  410: { description: "This address has unsubscribed; sign up again to come back", content: problemContent },
  ...accessResponses,
  500: errorResponses[500],
  503: errorResponses[503],
};

export const subscribeRoute = createRoute({
  method: "post",
  path: "/v1/subscribers",
  operationId: "subscribe",
  tags: ["Subscribers"],
  summary: "Sign up for the emailed question bank",
  description:
    "Starts a double opt-in: a confirmation link goes to the address. The answer is the same 202 whether the address is new, pending or already confirmed, so this endpoint cannot tell anyone who subscribed. At most one confirmation mail per address per 10 minutes and three per 48 hours; sign-ups are rate limited per client.",
  request: { body: { required: true, content: { "application/json": { schema: subscribeRequestSchema } } } },
  responses: {
    202: { description: "Accepted (for every valid address)", content: { "application/json": { schema: subscribeAcceptedSchema } } },
    ...errorResponses,
    413: { description: "The body is larger than 16 KB", content: problemContent },
    415: { description: "The body is not JSON", content: problemContent },
  },
});

export const confirmPageRoute = createRoute({
  method: "get",
  path: "/v1/subscribers/confirm",
  operationId: "getConfirmationPage",
  tags: ["Subscribers"],
  summary: "The confirmation page (the link in the confirmation mail)",
  description:
    "Shows a page with a Confirm button; following the link alone confirms nothing, because mail scanners fetch links. POST to the same URL to confirm. With `Accept: application/json`: the state of the sign-up.",
  request: { query: tokenQuerySchema },
  responses: {
    200: {
      description: "The page, or the state (`pending` or `already-confirmed`) as JSON",
      content: { "application/json": { schema: subscriptionStateSchema }, ...htmlContent },
    },
    ...confirmResponses,
  },
});

export const confirmRoute = createRoute({
  method: "post",
  path: "/v1/subscribers/confirm",
  operationId: "confirmSubscription",
  tags: ["Subscribers"],
  summary: "Confirm a sign-up (the button on the confirmation page)",
  description:
    'Confirms the subscription and sends the welcome mail with the question bank. Any body is ignored. Safe to repeat ("already confirmed"); it never re-subscribes an address that has unsubscribed (410). Answers an HTML page, or JSON with `Accept: application/json`.',
  request: { query: tokenQuerySchema },
  responses: {
    200: { description: "Confirmed, or already confirmed", content: { "application/json": { schema: subscriptionStateSchema }, ...htmlContent } },
    ...confirmResponses,
  },
});

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

export function registerSubscriberRoutes(app: ReturnType<typeof createRouter>) {
  // Documented with their body schemas, but parsed by the handlers: sign-ups so that malformed
  // attempts count against the rate limit too, the others to name the body's problem precisely.
  app.openAPIRegistry.registerPath(subscribeRoute);
  app.post(subscribeRoute.path, subscribe);
  app.openapi(confirmPageRoute, async (c) => routeAnswer(confirmPageRoute, await showConfirmation(c, c.req.valid("query").token)));
  app.openapi(confirmRoute, async (c) => routeAnswer(confirmRoute, await confirm(c, c.req.valid("query").token)));
  app.openapi(unsubscribePageRoute, async (c) => routeAnswer(unsubscribePageRoute, await showUnsubscribe(c, c.req.valid("query").token)));
  app.openapi(unsubscribeRoute, async (c) => routeAnswer(unsubscribeRoute, await unsubscribe(c, c.req.valid("query").token)));
  app.openapi(getPreferencesRoute, async (c) => routeAnswer(getPreferencesRoute, await showPreferences(c, c.req.valid("query").token, false)));
  app.openAPIRegistry.registerPath(updatePreferencesRoute);
  app.put(updatePreferencesRoute.path, replacePreferences);
  app.openAPIRegistry.registerPath(preferencesFormRoute);
  app.post(preferencesFormRoute.path, submitPreferencesForm);
  app.openapi(bankRoute, async (c) => {
    const { token, format } = c.req.valid("query");
    return routeAnswer(bankRoute, await showBank(c, token, format));
  });
}
