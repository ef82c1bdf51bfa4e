import { createRoute, z } from "@hono/zod-openapi";
import { routeAnswer } from "../http/route-answer.js";
import { type createRouter, errorResponses, notModified } from "../http/router.js";
import { cardCss } from "./styles.js";

const WIDGET_CSS = `${cardCss(":host", ':host([theme="dark"])', ':host(:not([theme="light"]))')}
:host{display:block}[hidden]{display:none!important}`;

// The <ml-question> element, served as one classic script. It is kept as a string (not a file
// read at request time) so the Node server and the Worker serve the same bytes. No globals: one
// IIFE; no inline styles or eval, so it runs under a host page's strict CSP (constructable
// stylesheets are not subject to style-src).
export const WIDGET_SCRIPT = `/* <ml-question> — ML Interview Questions widget. Docs: /docs */
(() => {
  "use strict";
  if (!window.customElements || customElements.get("ml-question")) return;
  // Module scripts have no currentScript: then find our tag by its name.
  const script = document.currentScript || document.querySelector('script[src$="/widget.js"]');
  const base = new URL(".", script ? script.src : location.href).href.replace(/\\/$/, "");
  const FILTERS = ["category", "company", "difficulty", "tag", "date"];
  let sheet;

  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  };

  const notice = (text, role) => {
    const node = el("p", "card" + (role === "alert" ? " error" : ""), text);
    node.setAttribute("role", role);
    return node;
  };

  function request(host) {
    let path;
    if (host.hasAttribute("daily")) {
      const params = new URLSearchParams();
      for (const name of FILTERS) if (host.getAttribute(name)) params.set(name, host.getAttribute(name));
      const query = String(params);
      path = "/v1/questions/daily" + (query ? "?" + query : "");
    } else if (host.getAttribute("slug")) {
      path = "/v1/questions/" + encodeURIComponent(host.getAttribute("slug"));
    } else {
      return null;
    }
    const key = host.getAttribute("key");
    return { url: base + path, headers: key ? { Authorization: "Bearer " + key } : {} };
  }

  // Where links to a question go: the page's link-template, or the question's page on our origin.
  // False for a template that is not an absolute http(s) URL with {slug}.
  function linker(host) {
    const template = host.getAttribute("link-template");
    if (template === null) return (slug) => base + "/questions/" + encodeURIComponent(slug);
    const fill = (slug) => template.split("{slug}").join(encodeURIComponent(slug));
    try {
      return template.includes("{slug}") && /^https?:$/.test(new URL(fill("x")).protocol) && fill;
    } catch {
      return false;
    }
  }

  function code(example) {
    const figure = el("figure");
    const pre = el("pre");
    const text = el("code", "language-" + example.language);
    text.innerHTML = example.html; // highlighted and escaped by the API when the content was loaded
    pre.append(text);
    figure.append(el("figcaption", "", example.caption + " (" + example.language + ")"), pre);
    return figure;
  }

  function card(body, href, templated) {
    const question = body.question || body;
    const root = el("article", "card");
    root.setAttribute("part", "card");
    const meta = [question.category.name, question.difficulty];
    if (body.date) meta.unshift("Question of the day, " + body.date);
    const button = el("button", "reveal", "Show answer");
    button.type = "button";
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", "answer");
    const answer = el("div", "answer");
    answer.id = "answer";
    answer.hidden = true;
    const text = el("div");
    text.innerHTML = question.answer.html; // sanitized by the API when the content was loaded
    // Links between answers are relative to our origin: point them at the question's page.
    for (const a of text.querySelectorAll('a[href^="/questions/"]')) a.href = href(a.getAttribute("href").slice(11));
    answer.append(text, ...question.codeExamples.map(code));
    button.addEventListener("click", () => {
      const open = answer.hidden;
      answer.hidden = !open;
      button.textContent = open ? "Hide answer" : "Show answer";
      button.setAttribute("aria-expanded", String(open));
    });
    const link = el("a", "", templated ? "Open this question" : "Open on ML Interview Questions");
    link.href = href(question.slug);
    if (!templated) {
      link.target = "_blank";
      link.rel = "noopener";
    }
    const source = el("p", "source");
    source.append(link);
    root.append(el("p", "meta", meta.join(" · ")), el("h2", "title", question.title), button, answer, source);
    return root;
  }

  async function load(req, href, templated, signal) {
    try {
      const res = await fetch(req.url, { headers: req.headers, credentials: "omit", signal });
      const body = await res.json().catch(() => null);
      if (res.ok && body) return card(body, href, templated);
      if (res.status === 404) return notice("Question not found.", "alert");
      return notice("Could not load the question" + (body && body.detail ? ": " + body.detail : "."), "alert");
    } catch {
      return signal.aborted ? null : notice("Could not reach ML Interview Questions.", "alert");
    }
  }

  class MlQuestion extends HTMLElement {
    static get observedAttributes() {
      return ["slug", "daily", "key", "link-template", ...FILTERS];
    }
    constructor() {
      super();
      if (!sheet) {
        sheet = new CSSStyleSheet();
        sheet.replaceSync(${JSON.stringify(WIDGET_CSS)});
      }
      this.attachShadow({ mode: "open" }).adoptedStyleSheets = [sheet];
    }
    connectedCallback() {
      this.refresh();
    }
    disconnectedCallback() {
      if (this.abort) this.abort.abort();
    }
    attributeChangedCallback(name, before, after) {
      if (before !== after && this.isConnected) this.refresh();
    }
    // Several attribute changes in one task fetch once.
    refresh() {
      if (this.queued) return;
      this.queued = true;
      queueMicrotask(() => {
        this.queued = false;
        this.render();
      });
    }
    async render() {
      if (this.abort) this.abort.abort();
      const req = request(this);
      if (!req) return this.shadowRoot.replaceChildren(notice("Set slug=\\"…\\" or daily on <ml-question>.", "alert"));
      const href = linker(this);
      if (!href) return this.shadowRoot.replaceChildren(notice("link-template must be an absolute http(s) URL containing {slug}.", "alert"));
      const abort = (this.abort = new AbortController());
      if (!this.shadowRoot.firstChild) this.shadowRoot.append(notice("Loading question…", "status"));
      const view = await load(req, href, this.hasAttribute("link-template"), abort.signal);
      if (view && !abort.signal.aborted) this.shadowRoot.replaceChildren(view);
    }
  }

  customElements.define("ml-question", MlQuestion);
})();
`;

// Encoded once; an ArrayBuffer is a body on Node and on Workers alike.
const WIDGET_BYTES = new TextEncoder().encode(WIDGET_SCRIPT).buffer as ArrayBuffer;

export const widgetRoute = createRoute({
  method: "get",
  path: "/widget.js",
  operationId: "getWidgetScript",
  tags: ["Embeds"],
  summary: "The <ml-question> widget script",
  description:
    'A dependency-free script (under 10 KB) that defines the `<ml-question>` custom element: `slug="…"` for one question, or `daily` (with `category`, `company`, `difficulty`, `tag`, `date`) for the question of the day; `theme="light|dark|auto"`; optional `key="pk_…"` sent as a bearer token; optional `link-template="https://…/{slug}"`, where links to a question go instead of its page on our origin (`/questions/{slug}`). It reads this API from the origin it was loaded from, renders in an open shadow root and works under a strict Content-Security-Policy that allows our origin in `script-src` and `connect-src`.',
  responses: {
    200: {
      description: "The script",
      headers: {
        ETag: { description: "Entity tag of the script", schema: { type: "string" } },
        "Cache-Control": { description: "Cacheable for an hour", schema: { type: "string" } },
      },
      content: {
        "text/javascript": {
          schema: z
            .string()
            .openapi("WidgetScript", { description: "JavaScript source", example: '(() => { … customElements.define("ml-question", …) })();' }),
        },
      },
    },
    ...notModified,
    429: errorResponses[429],
    500: errorResponses[500],
    503: errorResponses[503],
  },
});

export function registerWidgetRoute(app: ReturnType<typeof createRouter>) {
  app.openapi(widgetRoute, (c) => {
    c.header("Content-Type", "text/javascript; charset=utf-8");
    c.header("Cache-Control", "public, max-age=3600");
    c.header("Access-Control-Allow-Origin", "*");
    c.header("Cross-Origin-Resource-Policy", "cross-origin");
    return routeAnswer(widgetRoute, c.body(WIDGET_BYTES, 200));
  });
}
