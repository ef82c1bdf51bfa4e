import { mkdir } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import path from "node:path";
import { type ServerType, serve } from "@hono/node-server";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, createTestDatabase } from "./helpers.js";
import { freePort, ROOT } from "./process.js";

// A visitor's browser: Debian's Chromium (installed by scripts/test-setup.mjs) opens a page on
// another origin, under a strict CSP, that uses the <ml-question> widget and the embed iframe.

const SLUG = "bias-variance-tradeoff";
// Sixty-odd formulas and links to five other questions.
const MATHY = "p-values-confidence-intervals-error-types";
const DARK_BACKGROUND = "rgb(13, 17, 23)";
const LIGHT_BACKGROUND = "rgb(255, 255, 255)";

let app: ReturnType<typeof createTestApp>;
let apiServer: ServerType;
let hostServer: Server;
let browser: Browser;
let apiUrl: string;
let hostUrl: string;
const authorizations: string[] = [];

/** The host site: its own origin, a CSP that allows only itself and our API. */
function hostSite(api: string) {
  const csp = `default-src 'none'; script-src 'self' ${api}; connect-src ${api}; style-src 'self' ${api}; frame-src ${api}; img-src ${api}`;
  const page = (head: string, body: string) =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A blog about ML</title><link rel="stylesheet" href="/host.css">${head}</head><body><h1>A blog about ML interviews</h1>${body}</body></html>`;
  const files: Record<string, [string, string]> = {
    "/": [
      "text/html",
      page(
        `<script src="/parent.js"></script><script src="${api}/widget.js" defer></script>`,
        `<ml-question slug="${SLUG}"></ml-question>
<ml-question daily category="deep-learning" theme="dark"></ml-question>
<iframe src="${api}/embed/questions/${SLUG}" title="An ML interview question"></iframe>`,
      ),
    ],
    "/module.html": [
      "text/html",
      page(
        `<script type="module" src="${api}/widget.js"></script>`,
        `<ml-question slug="${SLUG}"></ml-question><ml-question daily key="pk_0123456789abcdefghijklmnopqrstuv"></ml-question>`,
      ),
    ],
    "/math.html": [
      "text/html",
      page(
        `<script src="/parent.js"></script><script src="${api}/widget.js" defer></script>`,
        `<ml-question id="ours" slug="${MATHY}"></ml-question>
<ml-question id="theirs" slug="${MATHY}" link-template="https://prep.example.com/q/{slug}"></ml-question>
<ml-question id="wrong" slug="${MATHY}" link-template="javascript:alert('{slug}')"></ml-question>
<iframe src="${api}/embed/questions/${MATHY}?linkTemplate=${encodeURIComponent("https://prep.example.com/q/{slug}")}" title="An ML interview question"></iframe>`,
      ),
    ],
    "/host.css": [
      "text/css",
      "body{font:16px/1.5 sans-serif;max-width:760px;margin:1.5rem auto;padding:0 1rem}ml-question{margin:1rem 0}iframe{display:block;width:100%;border:0}",
    ],
    // What README.md tells a host page to do with the resize message.
    "/parent.js": [
      "text/javascript",
      `addEventListener("message", (event) => {
  if (event.origin !== ${JSON.stringify(api)} || event.data?.type !== "ml-question:resize") return;
  for (const frame of document.querySelectorAll("iframe")) {
    if (frame.contentWindow === event.source) frame.height = String(event.data.height);
  }
});`,
    ],
  };
  return createServer((req, res) => {
    const file = files[new URL(req.url ?? "/", "http://host").pathname];
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { "Content-Type": `${file[0]}; charset=utf-8`, "Content-Security-Policy": csp }).end(file[1]);
  });
}

async function listen(server: Server, port: number) {
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
}

beforeAll(async () => {
  const apiPort = await freePort();
  apiUrl = `http://127.0.0.1:${apiPort}`;
  app = createTestApp(await createTestDatabase(), { publicUrl: apiUrl });
  apiServer = serve({
    fetch: (req: Request) => {
      const authorization = req.headers.get("authorization");
      if (authorization) authorizations.push(authorization);
      return app.fetch(req);
    },
    port: apiPort,
    hostname: "127.0.0.1",
  });
  hostServer = hostSite(apiUrl);
  const hostPort = await freePort();
  await listen(hostServer, hostPort);
  hostUrl = `http://127.0.0.1:${hostPort}`;
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => hostServer?.close(resolve));
  await new Promise((resolve) => apiServer?.close(resolve));
});

interface Visit {
  context: BrowserContext;
  page: Page;
  problems: string[];
  violations: () => Promise<string[]>;
  newGlobals: () => Promise<string[]>;
}

/** Opens a host page, recording console errors, uncaught exceptions and CSP violations in every frame. */
async function visit(pathname: string): Promise<Visit> {
  const context = await browser.newContext({ colorScheme: "light", viewport: { width: 900, height: 900 } });
  // Init scripts run before the page's own, in every frame, and are not subject to its CSP.
  await context.addInitScript(() => {
    const w = window as unknown as { __violations: string[]; __globals: string[] };
    w.__globals = Object.getOwnPropertyNames(window);
    w.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) => w.__violations.push(`${e.effectiveDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") problems.push(`${message.type()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  await page.goto(`${hostUrl}${pathname}`, { waitUntil: "load" });
  return {
    context,
    page,
    problems,
    violations: async () =>
      (await Promise.all(page.frames().map((f) => f.evaluate(() => (window as unknown as { __violations: string[] }).__violations)))).flat(),
    newGlobals: () =>
      page.evaluate(() => {
        const before = (window as unknown as { __globals: string[] }).__globals;
        // Frames appear as window[0], window[1]…
        return Object.getOwnPropertyNames(window).filter((name) => !before.includes(name) && !name.startsWith("__") && !/^\d+$/.test(name));
      }),
  };
}

const background = (page: Page, selector: string) => page.locator(selector).evaluate((el) => getComputedStyle(el).backgroundColor);
const iframeHeight = (page: Page) => page.locator("iframe").evaluate((el) => el.getBoundingClientRect().height);

describe("a visitor on another site with a strict CSP", () => {
  let visitor: Visit;
  let question: { title: string; slug: string; codeExamples: Array<{ code: string }> };

  beforeAll(async () => {
    question = await (await app.request(`/v1/questions/${SLUG}`)).json();
    visitor = await visit("/");
  });
  afterAll(async () => {
    await visitor?.context.close();
  });

  it("sees both widgets and the iframe fitted to its content (a screenshot goes to .scratch/widget.png)", async () => {
    const { page } = visitor;
    await page.locator("ml-question[slug] h2.title").waitFor();
    await page.locator("ml-question[daily] h2.title").waitFor();
    await page.frameLocator("iframe").locator("h1.title").waitFor();
    await page.waitForFunction(() => document.querySelector("iframe")!.getBoundingClientRect().height !== 150);
    await mkdir(path.join(ROOT, ".scratch"), { recursive: true });
    await page.screenshot({ path: path.join(ROOT, ".scratch/widget.png"), fullPage: true });
  });

  it("sees the question in the <ml-question slug> element, with the answer hidden until they ask", async () => {
    const widget = visitor.page.locator(`ml-question[slug="${SLUG}"]`);
    await widget.locator("h2.title").waitFor();
    expect(await widget.locator("h2.title").textContent()).toBe(question.title);
    expect(await widget.locator(".meta").textContent()).toBe("ML Algorithms & Theory · easy");
    const answer = widget.locator(".answer");
    expect(await answer.isVisible()).toBe(false);

    await widget.getByRole("button", { name: "Show answer" }).click();
    expect(await answer.isVisible()).toBe(true);
    expect(await answer.locator("h3").first().textContent()).toBe("Short answer");
    const code = answer.locator("pre code").first();
    expect(await code.isVisible()).toBe(true);
    expect(await code.textContent()).toBe(question.codeExamples[0]!.code);
    expect(await widget.getByRole("button", { name: "Hide answer" }).getAttribute("aria-expanded")).toBe("true");
    expect(await widget.getByRole("link", { name: "Open on ML Interview Questions" }).getAttribute("href")).toBe(`${apiUrl}/questions/${SLUG}`);
    expect(await widget.evaluate((el) => el.shadowRoot?.mode)).toBe("open");
    await visitor.page.screenshot({ path: path.join(ROOT, ".scratch/widget-answer.png") });
  });

  it("sees today's question for the filters in the dark <ml-question daily> element", async () => {
    const daily = await (await app.request("/v1/questions/daily?category=deep-learning")).json();
    const widget = visitor.page.locator("ml-question[daily]");
    await widget.locator("h2.title").waitFor();
    expect(await widget.locator("h2.title").textContent()).toBe(daily.question.title);
    expect(await widget.locator(".meta").textContent()).toContain(`Question of the day, ${daily.date} · Deep Learning`);
    expect(await background(visitor.page, "ml-question[daily] .card")).toBe(DARK_BACKGROUND);
    expect(await background(visitor.page, `ml-question[slug] .card`)).toBe(LIGHT_BACKGROUND);
  });

  it("sees the embedded page in the iframe, sized to its content by postMessage", async () => {
    const frame = visitor.page.frameLocator("iframe");
    await frame.locator("h1.title").waitFor();
    expect(await frame.locator("h1.title").textContent()).toBe(question.title);
    expect(await frame.locator(".card").evaluate((el) => getComputedStyle(el).borderRadius)).toBe("10px");

    await visitor.page.waitForFunction(() => document.querySelector("iframe")!.getBoundingClientRect().height !== 150);
    const contentHeight = () => frame.locator("html").evaluate((el) => Math.ceil(el.getBoundingClientRect().height));
    const closed = await iframeHeight(visitor.page);
    expect(closed).toBe(await contentHeight());

    expect(await frame.locator(".answer").isVisible()).toBe(false);
    await frame.getByText("Show answer").click();
    expect(await frame.locator(".answer pre code").first().isVisible()).toBe(true);
    await visitor.page.waitForFunction((before) => document.querySelector("iframe")!.getBoundingClientRect().height > before, closed);
    expect(await iframeHeight(visitor.page)).toBe(await contentHeight());
  });

  it("follows the visitor's colour scheme in an element without a theme", async () => {
    await visitor.page.emulateMedia({ colorScheme: "dark" });
    expect(await background(visitor.page, "ml-question[slug] .card")).toBe(DARK_BACKGROUND);
    await visitor.page.emulateMedia({ colorScheme: "light" });
    expect(await background(visitor.page, "ml-question[slug] .card")).toBe(LIGHT_BACKGROUND);
  });

  it("re-renders when an attribute changes", async () => {
    const other = (await (await app.request("/v1/questions?category=coding&limit=1")).json()).data[0];
    const widget = visitor.page.locator("ml-question[slug]");
    await widget.evaluate((el, slug) => el.setAttribute("slug", slug), other.slug);
    await visitor.page.waitForFunction(
      (title) => document.querySelector("ml-question")?.shadowRoot?.querySelector("h2.title")?.textContent === title,
      other.title,
    );
    await widget.evaluate((el) => el.setAttribute("slug", "no-such-question"));
    await widget.getByRole("alert").waitFor();
    expect(await widget.getByRole("alert").textContent()).toBe("Question not found.");
  });

  it("saw no CSP violation, no console error, and no new global", async () => {
    expect(await visitor.violations()).toEqual([]);
    expect(visitor.problems.filter((p) => !p.includes("404 (Not Found)"))).toEqual([]);
    expect(await visitor.newGlobals()).toEqual([]);
  });
});

describe("the widget loaded as a module script", () => {
  it("finds its origin without document.currentScript and sends the key as a bearer token", async () => {
    const visitor = await visit("/module.html");
    try {
      const anonymous = visitor.page.locator("ml-question:not([key])");
      await anonymous.locator("h2.title").waitFor();
      expect(await anonymous.locator("h2.title").textContent()).toBe("What is the bias-variance trade-off?");
      // Whatever the API makes of this made-up key, the element shows something, and sent the key.
      await visitor.page.locator("ml-question[key]").locator("h2.title, [role=alert]").first().waitFor();
      expect(authorizations).toContain("Bearer pk_0123456789abcdefghijklmnopqrstuv");
      expect(await visitor.violations()).toEqual([]);
      expect(visitor.problems.filter((p) => !/40[13]/.test(p))).toEqual([]);
    } finally {
      await visitor.context.close();
    }
  });
});

/** What a visitor sees of the formulas in `root`: MathML drawn with a real size, no LaTeX in the text, no link into /v1/. */
async function expectTypesetMath(root: ReturnType<Page["locator"]>, links: RegExp) {
  const seen = await root.evaluate((el) => {
    const scope = el.shadowRoot ?? el;
    const maths = [...scope.querySelectorAll("math")].map((m) => m.getBoundingClientRect());
    const answer = scope.querySelector(".answer") as HTMLElement;
    // biome-ignore lint/performance/useDomNodeTextContent: the text as drawn (CSS applied) is what a visitor reads
    const prose = [...answer.querySelectorAll("p, li")].map((p) => (p as HTMLElement).innerText).join("\n");
    return {
      count: maths.length,
      drawn: maths.filter((r) => r.width > 4 && r.height > 8).length,
      display: [...scope.querySelectorAll('math[display="block"]')].map((m) => getComputedStyle(m).display),
      prose,
      hrefs: [...scope.querySelectorAll("a[href]")].map((a) => (a as HTMLAnchorElement).href),
    };
  });
  expect(seen.count).toBeGreaterThan(40);
  expect(seen.drawn).toBe(seen.count);
  expect(seen.display.every((d) => d === "block math")).toBe(true);
  // Chromium draws a single-letter <mi> in mathematical italic (𝛼), and innerText says what it draws.
  expect(seen.prose).toMatch(/α|𝛼/u);
  expect(seen.prose).not.toMatch(/\\[a-zA-Z]+|\$\$|\\\(|\\\[|\$\\/);
  expect(seen.hrefs.filter((href) => href.includes("/v1/"))).toEqual([]);
  const questionLinks = seen.hrefs.filter((href) => /questions?\/|\/q\//.test(href));
  expect(questionLinks.length).toBeGreaterThan(3);
  for (const href of questionLinks) expect(href).toMatch(links);
}

describe("a visitor reading formulas", () => {
  let visitor: Visit;
  beforeAll(async () => {
    visitor = await visit("/math.html");
  });
  afterAll(async () => {
    await visitor?.context.close();
  });

  it("sees them typeset in the widget, with links to the question's page (a screenshot goes to .scratch/widget-math.png)", async () => {
    const widget = visitor.page.locator("#ours");
    await widget.getByRole("button", { name: "Show answer" }).click();
    await expectTypesetMath(widget, new RegExp(`^${apiUrl}/questions/[a-z0-9-]+$`));
    await widget.locator("math").first().scrollIntoViewIfNeeded();
    await widget.screenshot({ path: path.join(ROOT, ".scratch/widget-math.png") });
  });

  it("follows the embedder's link-template in the widget, and says so when it is not a URL", async () => {
    const widget = visitor.page.locator("#theirs");
    await widget.getByRole("button", { name: "Show answer" }).click();
    await expectTypesetMath(widget, /^https:\/\/prep\.example\.com\/q\/[a-z0-9-]+$/);
    expect(await widget.getByRole("link", { name: "Open this question" }).getAttribute("href")).toBe(`https://prep.example.com/q/${MATHY}`);
    const wrong = visitor.page.locator("#wrong");
    expect(await wrong.getByRole("alert").textContent()).toBe("link-template must be an absolute http(s) URL containing {slug}.");
  });

  it("sees them typeset in the embed iframe, with its linkTemplate (a screenshot goes to .scratch/embed-math.png)", async () => {
    const frame = visitor.page.frameLocator("iframe");
    await frame.getByText("Show answer").click();
    await expectTypesetMath(frame.locator("body"), /^https:\/\/prep\.example\.com\/q\/[a-z0-9-]+$/);
    await visitor.page.waitForFunction(() => document.querySelector("iframe")!.getBoundingClientRect().height > 1000);
    await visitor.page.locator("iframe").screenshot({ path: path.join(ROOT, ".scratch/embed-math.png") });
  });

  it("saw no CSP violation and no console error", async () => {
    expect(await visitor.violations()).toEqual([]);
    expect(visitor.problems).toEqual([]);
  });
});

describe("a visitor on the question's page, on a phone", () => {
  it("reads the answer open, formulas typeset and code highlighted, within 390 px (a screenshot goes to .scratch/question-page-390.png)", async () => {
    const context = await browser.newContext({
      colorScheme: "light",
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    try {
      const page = await context.newPage();
      const problems: string[] = [];
      page.on("console", (message) => problems.push(`${message.type()}: ${message.text()}`));
      const violations: string[] = [];
      await page.exposeFunction("__violation", (v: string) => violations.push(v));
      await page.addInitScript(() =>
        document.addEventListener("securitypolicyviolation", (e) =>
          (window as unknown as { __violation: (v: string) => void }).__violation(`${e.effectiveDirective} ${e.blockedURI}`),
        ),
      );
      const res = await page.goto(`${apiUrl}/questions/${MATHY}`, { waitUntil: "load" });
      expect(res?.status()).toBe(200);
      await expectTypesetMath(page.locator("body"), /^http:\/\/127\.0\.0\.1:\d+\/questions\/[a-z0-9-]+$/);
      expect(await page.locator(".answer").isVisible()).toBe(true);
      const keyword = page.locator("pre code .hljs-keyword").first();
      expect(await keyword.evaluate((el) => getComputedStyle(el).color)).toBe("rgb(207, 34, 46)");
      // Nothing but a wide formula or a code block scrolls sideways: the page itself fits the phone.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(await page.locator("h1.title").evaluate((el) => el.getBoundingClientRect().right)).toBeLessThanOrEqual(390);
      await mkdir(path.join(ROOT, ".scratch"), { recursive: true });
      await page.screenshot({ path: path.join(ROOT, ".scratch/question-page-390.png"), fullPage: false });
      await page.getByRole("heading", { name: "The precise statement" }).scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(ROOT, ".scratch/question-page-390-formulas.png") });

      // Display formulas: drawn as blocks, a wide one scrolls inside itself, not the page.
      await page.goto(`${apiUrl}/questions/decision-tree-splitting-pruning`, { waitUntil: "load" });
      const blocks = await page.locator('math[display="block"]').evaluateAll((all) =>
        all.map((m) => ({
          display: getComputedStyle(m).display,
          width: m.getBoundingClientRect().width,
          height: m.getBoundingClientRect().height,
        })),
      );
      expect(blocks.length).toBeGreaterThan(2);
      for (const block of blocks) {
        expect(block.display).toBe("block math");
        expect(block.height).toBeGreaterThan(15);
        expect(block.width).toBeLessThanOrEqual(390);
      }
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await page.locator('math[display="block"]').first().scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(ROOT, ".scratch/question-page-390-display.png") });
      expect(violations).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
