import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { escapeHtml } from "../http/html.js";
import { frequencies, type Preferences } from "./schemas.js";

// Small HTML pages for people who follow the links in our mails; JSON for programs that ask for it.
// A link alone never changes anything (mail scanners fetch every link): each page that acts
// carries a button that POSTs to the same URL.

export const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)} · ML Interview Questions</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1f2328}
h1{font-size:1.4rem}button{font:inherit;padding:.5rem 1.2rem;border-radius:6px;border:1px solid #1f2328;background:#1f2328;color:#fff;cursor:pointer}
label{display:block;margin:.6rem 0 .2rem;font-weight:600}select,input{font:inherit}fieldset{border:0;padding:0}</style></head>
<body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

export function wantsJson(c: Context): boolean {
  return (c.req.header("Accept") ?? "").includes("application/json");
}

/** One answer, two forms: HTML for a person, JSON when the client asks for it. */
export function answer<T extends object>(c: Context, status: ContentfulStatusCode, json: T, html: () => string) {
  c.header("Cache-Control", "no-store");
  c.header("Vary", "Accept");
  if (wantsJson(c)) return c.json(json, status);
  c.header("Content-Security-Policy", PAGE_CSP);
  return c.html(html(), status);
}

/** A form that POSTs back to the page's own URL (the token stays in the query). */
function buttonForm(token: string, label: string, hidden = "") {
  return `<form method="post" action="?token=${escapeHtml(token)}">${hidden}<button type="submit">${escapeHtml(label)}</button></form>`;
}

export const confirmPage = (token: string) =>
  page(
    "Confirm your subscription",
    `<p>Press the button to start receiving the ML Interview Question Bank at this address.</p>${buttonForm(token, "Confirm my subscription")}`,
  );

export const confirmedPage = () => page("Subscription confirmed", "<p>Thank you. The question bank is on its way to your inbox.</p>");

export const alreadyConfirmedPage = () => page("Already confirmed", "<p>Your subscription was already confirmed. Nothing else to do.</p>");

export const unsubscribePage = (token: string) =>
  page(
    "Unsubscribe",
    `<p>Press the button to stop all mail from the ML Interview Question Bank.</p>
${buttonForm(token, "Unsubscribe", '<input type="hidden" name="List-Unsubscribe" value="One-Click">')}`,
  );

export const unsubscribedPage = () => page("Unsubscribed", "<p>You are unsubscribed. No more mail will come from us.</p>");

export const unsubscribedPreferencesPage = () => page("Unsubscribed", "<p>You are unsubscribed. Sign up again to choose preferences.</p>");

export function preferencesForm(
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
