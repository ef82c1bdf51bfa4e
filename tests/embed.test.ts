import vm from "node:vm";
import { beforeAll, describe, expect, it } from "vitest";
import { oembedSchema } from "../src/embed/oembed.js";
import { escapeHtml } from "../src/http/html.js";
import { problemSchema } from "../src/http/problem.js";
import { createTestApp, createTestDatabase, getJson } from "./helpers.js";

const API = "http://api.test";
const SLUG = "bias-variance-tradeoff";
// Sixty-odd formulas and links to five other questions.
const MATHY = "p-values-confidence-intervals-error-types";
const TEMPLATE = "https://prep.example.com/q/{slug}";

let app: ReturnType<typeof createTestApp>;

beforeAll(async () => {
  app = createTestApp(await createTestDatabase(), { publicUrl: API });
});

async function getPage(path: string) {
  const res = await app.request(path);
  return { res, status: res.status, html: await res.text() };
}

/** The embed pages' own CSP must be enough for them: no inline script, style or handler. */
function expectNothingInline(html: string) {
  expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
  expect(html).not.toMatch(/<style|<[^>]*\s(?:style|on[a-z]+)=/i);
}

/** Every href of a page, entities decoded. */
const hrefs = (html: string) => [...html.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1]!.replaceAll("&amp;", "&"));

/** Formulas are MathML, and no LaTeX is left in the text a visitor reads. */
function expectTypesetMath(html: string) {
  expect(html.match(/<math[ >]/g)?.length ?? 0).toBeGreaterThan(40);
  const text = html.replace(/<(pre|code)\b[\s\S]*?<\/\1>/g, "");
  expect(text).not.toMatch(/\$\$|\\\(|\\\[|\\[a-zA-Z]+\{|\\(?:alpha|beta|frac|text|ge)\b/);
  expect(text).not.toContain("temml-error");
}

const oembedFor = (url: string, extra = "") => getJson(app, `/oembed?url=${encodeURIComponent(url)}${extra}`);

describe("GET /widget.js", () => {
  it("serves a classic script under 10 KB that defines <ml-question> with an open shadow root", async () => {
    const res = await app.request("/widget.js");
    const bytes = new Uint8Array(await res.arrayBuffer());
    const source = new TextDecoder().decode(bytes);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(bytes.byteLength).toBeLessThan(10 * 1024);
    expect(() => new vm.Script(source, { filename: "widget.js" })).not.toThrow();
    expect(source).toContain('customElements.define("ml-question"');
    expect(source).toContain('attachShadow({ mode: "open" })');
    expect(source).toContain("adoptedStyleSheets");
    expect(source).not.toMatch(/\beval\(|new Function|setAttribute\("style"|\.style\./);
  });

  it("may be loaded and cached by any site", async () => {
    const res = await app.request("/widget.js", { headers: { Origin: "https://blog.example" } });
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    expect(res.headers.get("cache-control")).toBe("public, max-age=3600");
    const again = await app.request("/widget.js", { headers: { "If-None-Match": res.headers.get("etag")! } });
    expect(again.status).toBe(304);
  });
});

describe("framing headers", () => {
  it.each([`/embed/questions/${SLUG}`, "/embed/daily", "/embed/questions/no-such-question"])(
    "%s may be framed by any site, with a strict CSP otherwise",
    async (path) => {
      const { res, html } = await getPage(path);
      expect(res.headers.get("content-type")).toMatch(/^text\/html/);
      expect(res.headers.get("x-frame-options")).toBeNull();
      const csp = res.headers.get("content-security-policy")!;
      expect(csp).toContain("frame-ancestors *");
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain("unsafe-inline");
      expectNothingInline(html);
    },
  );

  it.each([
    `/v1/questions/${SLUG}`,
    "/v1/questions/daily",
    "/v1/questions/no-such-question",
    `/oembed?url=${API}/embed/questions/${SLUG}`,
    "/widget.js",
  ])("%s keeps X-Frame-Options DENY and frame-ancestors 'none'", async (path) => {
    const res = await app.request(path);
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });
});

describe("GET /embed/questions/{slug}", () => {
  it("shows the question, a reveal for the answer and highlighted code, and a link to the question's page", async () => {
    const question = (await getJson(app, `/v1/questions/${SLUG}`)).body;
    const { status, html, res } = await getPage(`/embed/questions/${SLUG}`);
    expect(status).toBe(200);
    expect(res.headers.get("cache-control")).toMatch(/^public, max-age=\d+/);
    expect(html).toContain('<html lang="en" data-theme="auto">');
    expect(html).toContain(`<h1 class="title">${escapeHtml(question.title)}</h1>`);
    expect(html).toContain(escapeHtml(`${question.category.name} · ${question.difficulty}`));
    expect(html).toMatch(/<details><summary class="reveal">.*Show answer.*<\/summary>\s*<div class="answer"><h3>Short answer<\/h3>/);
    // Code is highlighted text: a comparison in Python must not become markup.
    expect(question.codeExamples[0].code).toContain("<");
    expect(question.codeExamples[0].html).toContain("&lt;");
    expect(question.codeExamples[0].html).toContain('<span class="hljs-keyword">import</span>');
    expect(html).toContain(`<pre><code class="language-python">${question.codeExamples[0].html}</code></pre>`);
    expect(html).toContain(`<a href="${API}/questions/${SLUG}" rel="noopener">Open on ML Interview Questions</a>`);
    expect(html).toContain('<script src="/embed/embed.js" defer></script>');
    expect(html).toContain('<link rel="stylesheet" href="/embed/embed.css">');
  });

  it("carries an oEmbed discovery link that /oembed answers", async () => {
    const { html } = await getPage(`/embed/questions/${SLUG}?theme=dark`);
    const link = /<link rel="alternate" type="application\/json\+oembed" href="([^"]+)" title="([^"]+)">/.exec(html);
    expect(link).not.toBeNull();
    const href = link![1]!.replaceAll("&amp;", "&");
    expect(href).toBe(`${API}/oembed?url=${encodeURIComponent(`${API}/embed/questions/${SLUG}?theme=dark`)}&format=json`);
    const { status, body } = await getJson(app, href.slice(API.length));
    expect(status).toBe(200);
    expect(body.html).toContain(`src="${API}/embed/questions/${SLUG}?theme=dark"`);
  });

  it.each(["light", "dark", "auto"])("applies theme=%s to the page", async (theme) => {
    const { html } = await getPage(`/embed/questions/${SLUG}?theme=${theme}`);
    expect(html).toContain(`<html lang="en" data-theme="${theme}">`);
  });

  it("addresses a question by id too, linking to its slug", async () => {
    const { body } = await getJson(app, `/v1/questions/${SLUG}`);
    const { status, html } = await getPage(`/embed/questions/${body.id}`);
    expect(status).toBe(200);
    expect(html).toContain(`href="${API}/questions/${SLUG}"`);
  });

  it("answers an unknown slug with a 404 page that can be framed and tells the visitor", async () => {
    const { status, html, res } = await getPage("/embed/questions/no-such-question?theme=dark");
    expect(status).toBe(404);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(html).toContain('data-theme="dark"');
    expect(html).toContain("Question not found");
    expect(html).toContain("No question has the slug &#39;no-such-question&#39;.");
    expect(html).not.toContain("application/json+oembed");
  });

  it.each(["theme=purple", "colour=red"])("answers ?%s with a 400 page", async (query) => {
    const { status, html } = await getPage(`/embed/questions/${SLUG}?${query}`);
    expect(status).toBe(400);
    expect(html).toContain("Your request parameters did not validate");
    expect(html).toContain('data-theme="auto"');
  });
});

describe("links for people from an embed page", () => {
  it("typesets the answer's math and links to question pages, never into /v1/", async () => {
    const { status, html } = await getPage(`/embed/questions/${MATHY}`);
    expect(status).toBe(200);
    expectTypesetMath(html);
    const links = hrefs(html);
    expect(links).toContain(`${API}/questions/bayes-theorem-medical-test`);
    expect(links).toContain(`${API}/questions/${MATHY}`);
    expect(links.filter((href) => href.includes("/v1/"))).toEqual([]);
  });

  it("points every question link at the embedder's linkTemplate, escaped", async () => {
    const { status, html } = await getPage(`/embed/questions/${MATHY}?linkTemplate=${encodeURIComponent(TEMPLATE)}`);
    expect(status).toBe(200);
    const links = hrefs(html);
    expect(links).toContain("https://prep.example.com/q/bayes-theorem-medical-test");
    expect(html).toContain(`<a href="https://prep.example.com/q/${MATHY}" rel="noopener">Open this question</a>`);
    expect(links.filter((href) => href.startsWith(API))).toEqual([]);
    // The oEmbed discovery link keeps the template, and /oembed frames the page with it.
    const discovery = /type="application\/json\+oembed" href="([^"]+)"/.exec(html)![1]!.replaceAll("&amp;", "&");
    const { body } = await getJson(app, discovery.slice(API.length));
    expect(body.html).toContain(escapeHtml(`${API}/embed/questions/${MATHY}?linkTemplate=${encodeURIComponent(TEMPLATE)}`));

    const hostile = 'https://prep.example.com/q/{slug}?from="><script>alert(1)</script>';
    const page = await getPage(`/embed/questions/${SLUG}?linkTemplate=${encodeURIComponent(hostile)}`);
    expect(page.status).toBe(200);
    expect(page.html).not.toContain("<script>alert");
    expect(hrefs(page.html)).toContain(`https://prep.example.com/q/${SLUG}?from=%22%3E%3Cscript%3Ealert(1)%3C/script%3E`);
  });

  it("uses the linkTemplate on the daily embed too", async () => {
    const api = (await getJson(app, "/v1/questions/daily?date=2026-03-01")).body;
    const { html } = await getPage(`/embed/daily?date=2026-03-01&linkTemplate=${encodeURIComponent("http://localhost:3000/questions/{slug}.html")}`);
    expect(hrefs(html)).toContain(`http://localhost:3000/questions/${api.question.slug}.html`);
  });

  it.each([
    ["no {slug}", "https://prep.example.com/q/"],
    ["a relative URL", "/q/{slug}"],
    ["a javascript: URL", "javascript:alert('{slug}')"],
    ["a data: URL", "data:text/html,{slug}"],
    ["not a URL", "prep example {slug}"],
  ])("answers a linkTemplate with %s with a 400 that says what is wrong", async (_what, template) => {
    const path = `/embed/questions/${SLUG}?linkTemplate=${encodeURIComponent(template)}`;
    const { status, html, res } = await getPage(path);
    expect(status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(html).toContain("linkTemplate: must be an absolute http or https URL containing {slug}");
    // A program that asks for JSON gets problem+json.
    const problem = await getJson(app, path, { headers: { Accept: "application/json" } });
    expect(problem.status).toBe(400);
    expect(problem.res.headers.get("content-type")).toBe("application/problem+json");
    const body = problemSchema.parse(problem.body);
    expect(body.code).toBe("validation-failed");
    expect(body.invalidParams?.map((p) => p.name)).toEqual(["linkTemplate"]);
  });
});

describe("GET /questions/{slug}", () => {
  it("shows the question with its answer open, typeset math, highlighted code and related questions", async () => {
    const question = (await getJson(app, `/v1/questions/${MATHY}`)).body;
    const { status, html, res } = await getPage(`/questions/${MATHY}`);
    expect(status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(html).toContain(`<h1 class="title">${escapeHtml(question.title)}</h1>`);
    expect(html).toMatch(/<div class="answer"><h3>Short answer<\/h3>/);
    expect(html).not.toContain("<details>");
    expect(html).toContain('<span class="hljs-keyword">');
    expectTypesetMath(html);
    expect(html).toContain('<h2 class="related-title">Related questions</h2>');
    for (const related of question.related) expect(hrefs(html)).toContain(`/questions/${related.slug}`);
    expect(hrefs(html).filter((href) => href.includes("/v1/"))).toEqual([]);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).not.toContain("<script");
    expectNothingInline(html);
  });

  it("carries its canonical URL and an oEmbed discovery link that /oembed answers with the embed page", async () => {
    const { html } = await getPage(`/questions/${SLUG}`);
    expect(html).toContain(`<link rel="canonical" href="${API}/questions/${SLUG}">`);
    const href = /type="application\/json\+oembed" href="([^"]+)"/.exec(html)![1]!.replaceAll("&amp;", "&");
    expect(href).toBe(`${API}/oembed?url=${encodeURIComponent(`${API}/questions/${SLUG}`)}&format=json`);
    const { status, body } = await getJson(app, href.slice(API.length));
    expect(status).toBe(200);
    expect(body.html).toContain(`src="${API}/embed/questions/${SLUG}"`);
  });

  it("is cacheable like content, with an ETag, and may not be framed", async () => {
    const { res } = await getPage(`/questions/${SLUG}`);
    expect(res.headers.get("cache-control")).toBe("public, max-age=300, stale-while-revalidate=3600");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("script-src");
    const again = await app.request(`/questions/${SLUG}`, { headers: { "If-None-Match": res.headers.get("etag")! } });
    expect(again.status).toBe(304);
  });

  it("addresses a question by id too", async () => {
    const { body } = await getJson(app, `/v1/questions/${SLUG}`);
    const { status, html } = await getPage(`/questions/${body.id}`);
    expect(status).toBe(200);
    expect(html).toContain(`<link rel="canonical" href="${API}/questions/${SLUG}">`);
  });

  it("answers an unknown slug with a 404 page, and problem+json to a program that asks for JSON", async () => {
    const { status, html, res } = await getPage("/questions/no-such-question");
    expect(status).toBe(404);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(html).toContain("Question not found");
    const problem = await getJson(app, "/questions/no-such-question", { headers: { Accept: "application/problem+json" } });
    expect(problem.status).toBe(404);
    expect(problemSchema.parse(problem.body).code).toBe("not-found");
  });

  it.each(["theme=purple", "linkTemplate=https%3A%2F%2Fx.example%2F%7Bslug%7D", "colour=red"])("answers ?%s with a 400 page", async (query) => {
    const { status, html } = await getPage(`/questions/${SLUG}?${query}`);
    expect(status).toBe(400);
    expect(html).toContain("Your request parameters did not validate");
  });
});

describe("GET /embed/daily", () => {
  it("shows the same question as GET /v1/questions/daily for the same filters and date", async () => {
    const query = "category=deep-learning&difficulty=hard&date=2026-03-01";
    const api = (await getJson(app, `/v1/questions/daily?${query}`)).body;
    const { status, html } = await getPage(`/embed/daily?${query}&theme=light`);
    expect(status).toBe(200);
    expect(html).toContain(`<h1 class="title">${escapeHtml(api.question.title)}</h1>`);
    expect(html).toContain("Question of the day, 2026-03-01");
    expect(html).toContain(`href="${API}/questions/${api.question.slug}"`);
    const discovery = `${API}/embed/daily?category=deep-learning&difficulty=hard&date=2026-03-01&theme=light`;
    expect(html).toContain(escapeHtml(`${API}/oembed?url=${encodeURIComponent(discovery)}&format=json`));
  });

  it("is today's question, cacheable until the next UTC midnight", async () => {
    const api = await getJson(app, "/v1/questions/daily");
    const { html, res } = await getPage("/embed/daily");
    expect(html).toContain(escapeHtml(api.body.question.title));
    expect(res.headers.get("cache-control")).toBe(api.res.headers.get("cache-control"));
  });

  it.each(["difficulty=impossible", "date=2026-02-30", "category=astrology", "limit=5"])("answers ?%s with a 400 page", async (query) => {
    const { status, html, res } = await getPage(`/embed/daily?${query}`);
    expect(status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors *");
    expect(html).toContain('role="alert"');
  });

  it("answers filters no question matches with a 404 page", async () => {
    const query = "category=coding&company=apple&difficulty=easy";
    expect((await getJson(app, `/v1/questions?${query}`)).body.data).toEqual([]);
    const { status, html } = await getPage(`/embed/daily?${query}`);
    expect(status).toBe(404);
    expect(html).toContain("No question matches these filters.");
  });

  it("escapes hostile query values it shows", async () => {
    const hostile = encodeURIComponent('"><script>alert(1)</script><img src=x onerror=alert(2)>');
    for (const query of [`category=${hostile}`, `tag=${hostile}`, `theme=${hostile}`, `${hostile}=1`]) {
      const { status, html } = await getPage(`/embed/daily?${query}`);
      expect(status, query).toBe(400);
      expect(html, query).not.toContain("<script>alert");
      expect(html, query).not.toContain("<img");
      expect(html, query).toContain('data-theme="auto"');
      expectNothingInline(html);
    }
    const { html } = await getPage(`/embed/daily?category=${hostile}`);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });
});

describe("embed page assets", () => {
  it("serves the stylesheet with both themes", async () => {
    const res = await app.request("/embed/embed.css");
    const css = await res.text();
    expect(res.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(css).toContain(':root[data-theme="dark"]');
    expect(css).toContain("prefers-color-scheme:dark");
  });

  it("serves the script that tells the parent the page's height", async () => {
    const res = await app.request("/embed/embed.js");
    const source = await res.text();
    expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(() => new vm.Script(source)).not.toThrow();
    expect(source).toContain('postMessage({ type: "ml-question:resize", height');
    expect(source).toContain("ResizeObserver");
  });
});

describe("GET /oembed", () => {
  it("answers an oEmbed 1.0 rich response whose html frames the embed page", async () => {
    const question = (await getJson(app, `/v1/questions/${SLUG}`)).body;
    const { status, body, res } = await oembedFor(`${API}/embed/questions/${SLUG}`, "&format=json");
    expect(status).toBe(200);
    expect(oembedSchema.safeParse(body).success).toBe(true);
    expect(body).toMatchObject({
      version: "1.0",
      type: "rich",
      title: question.title,
      provider_name: "ML Interview Questions",
      provider_url: API,
      width: 600,
      height: 420,
    });
    expect(body.html).toBe(
      `<iframe src="${API}/embed/questions/${SLUG}" width="600" height="420" title="${escapeHtml(question.title)}" loading="lazy" style="border:0;max-width:100%"></iframe>`,
    );
    expect(body.cache_age).toBeGreaterThan(0);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("etag")).toBeTruthy();
  });

  it.each([
    ["&maxwidth=300&maxheight=200", 300, 200],
    ["&maxwidth=5000&maxheight=5000", 600, 420],
    ["&maxheight=100", 600, 100],
  ])("fits %s", async (extra, width, height) => {
    const { body } = await oembedFor(`${API}/embed/questions/${SLUG}`, extra);
    expect([body.width, body.height]).toEqual([width, height]);
    expect(body.html).toContain(`width="${width}" height="${height}"`);
  });

  it("maps a question's API URL (by id or slug) to its embed page", async () => {
    const { body: question } = await getJson(app, `/v1/questions/${SLUG}`);
    for (const ref of [SLUG, String(question.id)]) {
      const { status, body } = await oembedFor(`${API}/v1/questions/${ref}`);
      expect(status).toBe(200);
      expect(body.html).toContain(`src="${API}/embed/questions/${SLUG}"`);
    }
  });

  it("keeps the filters and theme of a daily embed URL", async () => {
    const { status, body } = await oembedFor(`${API}/embed/daily?theme=dark&category=coding&tag=sql`);
    expect(status).toBe(200);
    expect(body.title).toBe("ML interview question of the day");
    expect(body.html).toContain(`src="${escapeHtml(`${API}/embed/daily?category=coding&tag=sql&theme=dark`)}"`);
  });

  it.each([
    ["a foreign origin", `https://evil.example/embed/questions/${SLUG}`],
    ["our host on another scheme", `https://api.test/embed/questions/${SLUG}`],
    ["a path that is not an embed", `${API}/v1/categories/coding`],
    ["an unknown slug", `${API}/embed/questions/no-such-question`],
    ["a daily URL no question matches", `${API}/embed/daily?category=coding&company=apple&difficulty=easy`],
    ["a daily URL with an unknown filter value", `${API}/embed/daily?category=astrology`],
    ["markup in the URL", `${API}/embed/questions/"><script>alert(1)</script>`],
    ["not a URL", "bias-variance-tradeoff"],
  ])("answers 404 for %s", async (_name, url) => {
    const { status, body, res } = await oembedFor(url);
    expect(status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(problemSchema.parse(body).code).toBe("not-found");
  });

  it("answers format=xml with 501", async () => {
    const { status, body, res } = await oembedFor(`${API}/embed/questions/${SLUG}`, "&format=xml");
    expect(status).toBe(501);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(problemSchema.parse(body).code).toBe("not-implemented");
  });

  it.each(["", "?url=", `?url=${API}/embed/daily&maxwidth=0`, `?url=${API}/embed/daily&maxheight=wide`, `?url=${API}/embed/daily&format=yaml`])(
    "answers /oembed%s with 400 problem+json",
    async (query) => {
      const { status, body, res } = await getJson(app, `/oembed${query}`);
      expect(status).toBe(400);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(problemSchema.parse(body).code).toBe("validation-failed");
    },
  );
});
