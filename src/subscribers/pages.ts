import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { escapeHtml } from "../http/html.js";

export { escapeHtml };

// Small HTML pages for people who follow the links in our mails; JSON for programs that ask for it.

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
