import type { Context } from "hono";
import type { AppEnv, Services } from "../app-env.js";
import { listCategories } from "../categories/queries.js";
import { listCompanies } from "../companies/queries.js";
import { ApiError } from "../http/problem.js";
import { clientKey, hitRateLimit } from "../http/rate-limit.js";
import { validationError } from "../http/router.js";
import { renderConfirmationMail, renderWelcomeMail } from "../mail/templates.js";
import { assertKnownFilterValues } from "../questions/filters.js";
import { maskAddress, normalizeAddress } from "./address.js";
import { bankHtml, bankMarkdown } from "./bank.js";
import { confirmLink, listHeaders, subscriberFromLink, subscriberLink } from "./links.js";
import {
  alreadyConfirmedPage,
  answer,
  confirmedPage,
  confirmPage,
  preferencesForm,
  unsubscribedPage,
  unsubscribedPreferencesPage,
  unsubscribePage,
} from "./pages.js";
import {
  confirmSubscriber,
  findSubscriber,
  findSubscriberByConfirmHash,
  findSubscriberIdByKey,
  nextQuestionTime,
  preferencesOf,
  type SubscriberRow,
  signUp,
  unsubscribeSubscriber,
  updatePreferences,
} from "./queries.js";
import { type Preferences, preferencesSchema, subscribeRequestSchema, tokenQuerySchema } from "./schemas.js";
import { CONFIRM_TOKEN_PATTERN, hashToken, newConfirmToken, newId } from "./tokens.js";

/** One confirmation mail per address per 10 minutes... */
const CONFIRM_GAP_SECONDS = 600;
/** ...and at most this many per CONFIRM_CAP_WINDOW_SECONDS, so nobody can mail-bomb an address through us. */
export const CONFIRM_CAP = 3;
const CONFIRM_CAP_WINDOW_SECONDS = 48 * 3600;
const SIGNUP_WINDOW_SECONDS = 600;
const CONFIRM_TTL_MS = 48 * 3600 * 1000;
const ACCEPTED = {
  status: "accepted" as const,
  message: "If this address can receive mail, a confirmation link is on its way. Follow it to receive the question bank.",
};
const unsubscribedState = { status: "unsubscribed" as const, message: "You are unsubscribed and will get no more mail from us." };

/** Slugs in preferences must name categories and companies we have (a 400 lists them). */
async function assertKnownPreferences(services: Services, preferences: Preferences) {
  for (const category of preferences.categories) await assertKnownFilterValues(services.db, { category });
  for (const company of preferences.companies) await assertKnownFilterValues(services.db, { company });
}

/** POST /v1/subscribers: the same 202 for every valid address, whatever happens behind it. */
export async function subscribe(c: Context<AppEnv>) {
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
  const mediaType = (c.req.header("Content-Type") ?? "").split(";")[0]?.trim().toLowerCase();
  if (mediaType !== "application/json") {
    throw new ApiError(
      "unsupported-media-type",
      `The body must be application/json${mediaType ? `, not ${mediaType.slice(0, 100)}` : " (no Content-Type was sent)"}.`,
    );
  }
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
    gapSeconds: CONFIRM_GAP_SECONDS,
    cap: { mails: CONFIRM_CAP, windowSeconds: CONFIRM_CAP_WINDOW_SECONDS },
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

/** The pending sign-up a confirmation token names; a problem for a malformed, unknown, expired or withdrawn one. */
async function confirmable(services: Services, token: string): Promise<SubscriberRow> {
  if (!CONFIRM_TOKEN_PATTERN.test(token))
    throw new ApiError("bad-request", "This confirmation link is malformed; copy the whole link from the mail.");
  const subscriber = await findSubscriberByConfirmHash(services.db, await hashToken(token));
  if (!subscriber)
    throw new ApiError("not-found", "This confirmation link is not valid (a newer one may have replaced it). Sign up again to get a new one.");
  if (subscriber.status === "unsubscribed")
    throw new ApiError("gone", "This address has unsubscribed. Sign up again if you want the question bank back.");
  if (subscriber.status === "pending" && (!subscriber.confirm_expires_at || subscriber.confirm_expires_at <= services.now().toISOString())) {
    throw new ApiError("bad-request", "This confirmation link has expired. Sign up again to get a new one.");
  }
  return subscriber;
}

const alreadyConfirmed = (c: Context<AppEnv>) =>
  answer(c, 200, { status: "already-confirmed" as const, message: "This address is already confirmed." }, alreadyConfirmedPage);

/** GET of the link in the mail: a page with a button. Confirms nothing (scanners fetch links, with GET and HEAD). */
export async function showConfirmation(c: Context<AppEnv>, token: string) {
  const subscriber = await confirmable(c.get("services"), token);
  if (subscriber.status === "confirmed") return alreadyConfirmed(c);
  return answer(c, 200, { status: "pending" as const, message: "POST to this URL to confirm the subscription." }, () => confirmPage(token));
}

/** POST of the page's button: confirms, and queues the welcome mail once. */
export async function confirm(c: Context<AppEnv>, token: string) {
  const services = c.get("services");
  const now = services.now();
  const subscriber = await confirmable(services, token);
  if (subscriber.status === "confirmed") return alreadyConfirmed(c);
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
    confirmedPage,
  );
}

const linkError = () => new ApiError("bad-request", "This link is not valid; use the whole link from one of our mails.");

async function linkedSubscriber(c: Context<AppEnv>, purpose: "unsubscribe" | "preferences" | "bank", token: string) {
  const services = c.get("services");
  const id = await subscriberFromLink(services, purpose, token);
  if (!id) throw linkError();
  return { services, id, subscriber: await findSubscriber(services.db, id) };
}

/** GET of the unsubscribe link: a page with a button; changes nothing. */
export async function showUnsubscribe(c: Context<AppEnv>, token: string) {
  const { subscriber } = await linkedSubscriber(c, "unsubscribe", token);
  if (!subscriber || subscriber.status === "unsubscribed") return answer(c, 200, unsubscribedState, unsubscribedPage);
  return answer(c, 200, { status: "confirmed" as const, message: "POST to this URL to unsubscribe." }, () => unsubscribePage(token));
}

export async function unsubscribe(c: Context<AppEnv>, token: string) {
  const { services, id } = await linkedSubscriber(c, "unsubscribe", token);
  await unsubscribeSubscriber(services.db, id, services.now());
  services.logger.info("unsubscribed", { subscriber: id });
  return answer(c, 200, unsubscribedState, unsubscribedPage);
}

export async function showPreferences(c: Context<AppEnv>, token: string, saved: boolean) {
  const { services, subscriber } = await linkedSubscriber(c, "preferences", token);
  if (!subscriber) throw new ApiError("not-found", "This subscription no longer exists.");
  const preferences = preferencesOf(subscriber);
  const [categories, companies] = await Promise.all([listCategories(services.db), listCompanies(services.db, services.publicUrl)]);
  return answer(c, 200, { status: subscriber.status, preferences }, () =>
    subscriber.status === "unsubscribed" ? unsubscribedPreferencesPage() : preferencesForm(token, preferences, categories, companies, saved),
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

function tokenOf(c: Context<AppEnv>): string {
  const token = tokenQuerySchema.safeParse(c.req.query());
  if (!token.success) throw validationError(token.error, "query");
  return token.data.token;
}

/** PUT /v1/subscribers/preferences with JSON. */
export async function replacePreferences(c: Context<AppEnv>) {
  const token = tokenOf(c);
  const body = await c.req.json().catch(() => {
    throw new ApiError("malformed-json", "The body must be a JSON object with categories, companies and frequency.");
  });
  const preferences = await savePreferences(c, token, body);
  const { subscriber } = await linkedSubscriber(c, "preferences", token);
  c.header("Cache-Control", "no-store");
  return c.json({ status: subscriber?.status ?? "confirmed", preferences }, 200);
}

const asList = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** POST /v1/subscribers/preferences from the page's form. */
export async function submitPreferencesForm(c: Context<AppEnv>) {
  const token = tokenOf(c);
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
  await savePreferences(c, token, {
    frequency: form.frequency,
    categories: asList(form.categories as string | string[] | undefined),
    companies: asList(form.companies as string | string[] | undefined),
  });
  return showPreferences(c, token, true);
}

export async function showBank(c: Context<AppEnv>, token: string, format: "html" | "markdown") {
  const { services, subscriber } = await linkedSubscriber(c, "bank", token);
  if (subscriber?.status !== "confirmed") {
    throw new ApiError("forbidden", "The question bank is for confirmed subscribers; this subscription is not active.");
  }
  c.header("Cache-Control", "private, max-age=3600");
  c.header("X-Robots-Tag", "noindex");
  if (format === "markdown") {
    c.header("Content-Type", "text/markdown; charset=utf-8");
    return c.body(await bankMarkdown(services.db, services.publicUrl, services.now()), 200);
  }
  c.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'");
  return c.html(await bankHtml(services.db, services.now()), 200);
}
