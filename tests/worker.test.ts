import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createClient } from "@libsql/client";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_ADMIN_KEY, TEST_SECRET } from "./helpers.js";
import { freePort, ROOT, type Running, runProcess, startProcess, startSqld, TSX } from "./process.js";

// The Worker under workerd (wrangler dev) and the Node server, both on one real libSQL server.

const PUBLIC_URL = "https://api.example.test";
let dir: string;
let sqld: Running & { url: string };
let worker: Running & { url: string };
let node: Running & { url: string };

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "worker-test-"));
  sqld = await startSqld(path.join(dir, "sqld"));
  const db = { DATABASE_URL: sqld.url };
  for (const script of ["db:migrate", "db:seed"]) {
    const { code, output } = await runProcess("npm", ["run", script], db, 120_000);
    expect(code, output).toBe(0);
  }
  expect((await runProcess("npm", ["run", "build:assets"])).code).toBe(0);

  const workerPort = await freePort();
  worker = {
    ...(await startProcess(
      path.join(ROOT, "node_modules/.bin/wrangler"),
      [
        "dev",
        "--ip",
        "127.0.0.1",
        "--port",
        String(workerPort),
        "--inspector-port",
        String(await freePort()),
        "--var",
        `DATABASE_URL:${sqld.url}`,
        "--var",
        `PUBLIC_URL:${PUBLIC_URL}`,
        "--var",
        `SIGNING_SECRET:${TEST_SECRET}`,
        "--var",
        `ADMIN_API_KEY:${TEST_ADMIN_KEY}`,
        "--var",
        "CONTENT_VERSION_TTL_SECONDS:1",
        "--persist-to",
        path.join(dir, "wrangler-state"),
      ],
      { env: { WRANGLER_SEND_METRICS: "false", CI: "true", NO_COLOR: "1" }, ready: /Ready on http/, timeoutMs: 120_000 },
    )),
    url: `http://127.0.0.1:${workerPort}`,
  };

  const nodePort = await freePort();
  node = {
    ...(await startProcess(TSX, ["src/server.ts"], {
      env: { ...db, PORT: String(nodePort), PUBLIC_URL, SIGNING_SECRET: TEST_SECRET, LOG_LEVEL: "info" },
      ready: /"msg":"listening"/,
      timeoutMs: 90_000,
    })),
    url: `http://127.0.0.1:${nodePort}`,
  };
}, 300_000);

afterAll(async () => {
  await Promise.all([worker?.stop(), node?.stop(), sqld?.stop()]);
  await rm(dir, { recursive: true, force: true });
});

async function both(pathAndQuery: string) {
  // The same representation from both: Node compresses its large static answers itself (another
  // ETag per encoding), while on Workers Cloudflare's edge does it.
  const init = { headers: { "X-Request-Id": "parity-check", "Accept-Encoding": "identity" } };
  const [w, n] = await Promise.all([fetch(worker.url + pathAndQuery, init), fetch(node.url + pathAndQuery, init)]);
  return {
    worker: { status: w.status, type: w.headers.get("content-type"), link: w.headers.get("link"), etag: w.headers.get("etag"), body: await w.text() },
    node: { status: n.status, type: n.headers.get("content-type"), link: n.headers.get("link"), etag: n.headers.get("etag"), body: await n.text() },
  };
}

describe("the Worker and the Node server", () => {
  it.each([
    "/health",
    "/v1/questions",
    "/v1/questions?limit=5&sort=newest",
    "/v1/questions?category=coding&difficulty=hard&limit=3",
    "/v1/questions?company=google&tag=transformers",
    "/v1/questions?q=regularize&limit=5",
    "/v1/questions?q=%22)(%20OR%20*",
    "/v1/questions?q=k-means&limit=5",
    "/v1/questions?q=RLHF&limit=3",
    "/v1/questions?q=transfomer",
    "/v1/questions?q=nucleus%20sampling&category=deep-learning",
    "/v1/questions?q=regularisation&sort=newest&limit=4",
    "/v1/questions?q=how%20do%20I%20stop%20my%20model%20overfitting",
    "/v1/questions?q=trnsfrmr",
    "/v1/questions/bias-variance-tradeoff",
    "/v1/questions/1001",
    "/v1/questions/daily?date=2026-01-15",
    "/v1/questions/daily?date=2026-01-15&category=deep-learning",
    "/v1/categories",
    "/v1/categories/statistics-probability",
    "/v1/companies",
    "/v1/companies/openai",
    "/v1/prep-plan",
    "/v1/resources",
    "/openapi.json",
    "/v1/questions?limit=0",
    "/v1/questions?category=astrology",
    "/v1/questions/no-such-question",
    "/v1/questions?cursor=forged",
    "/nowhere",
    "/widget.js",
    "/embed/questions/bias-variance-tradeoff?theme=dark",
    "/embed/daily?date=2026-01-15&category=coding",
    `/oembed?url=${encodeURIComponent(`${PUBLIC_URL}/embed/questions/bias-variance-tradeoff`)}&maxwidth=400`,
    "/oembed?url=https%3A%2F%2Fevil.example%2Fembed%2Fdaily",
  ])("answer %s with the same status, headers and body", async (request) => {
    const { worker: w, node: n } = await both(request);
    expect(w.status).toBe(n.status);
    expect(w.type).toBe(n.type);
    expect(w.link).toBe(n.link);
    expect(w.body).toBe(n.body);
    expect(w.etag).toBe(n.etag);
  });

  it("answer a question as Markdown, and llms.txt, the same way", async () => {
    for (const request of ["/v1/questions/bias-variance-tradeoff", "/llms.txt", "/llms-full.txt"]) {
      const init = { headers: { Accept: "text/markdown" } };
      const [w, n] = await Promise.all([fetch(worker.url + request, init), fetch(node.url + request, init)]);
      expect(w.status, request).toBe(200);
      expect(w.headers.get("content-type")).toBe(n.headers.get("content-type"));
      expect(await w.text()).toBe(await n.text());
    }
    // The edge cache keeps the two forms apart: JSON after Markdown, Markdown after JSON, twice.
    for (let i = 0; i < 2; i++) {
      const json = await fetch(`${worker.url}/v1/questions/backpropagation`);
      expect(json.headers.get("content-type")).toBe("application/json");
      const md = await fetch(`${worker.url}/v1/questions/backpropagation`, { headers: { Accept: "text/markdown" } });
      expect(md.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
      expect(md.headers.get("vary")).toBe("Accept");
    }
  });

  it("serve the MCP server: the SDK's client lists the tools and calls one on the Worker", async () => {
    const client = new Client({ name: "parity", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${worker.url}/mcp`)));
    const { tools } = await client.listTools();
    expect(tools).toHaveLength(10);
    const result = await client.callTool({ name: "get_question", arguments: { idOrSlug: "bias-variance-tradeoff", include: "full" } });
    const rest = await (await fetch(`${node.url}/v1/questions/bias-variance-tradeoff`)).json();
    expect((result.structuredContent as { answer: string }).answer).toBe(rest.answer.markdown);
    const refused = await client.callTool({ name: "random_question", arguments: { category: "astrology" } });
    expect(refused.isError).toBe(true);
    const prompt = await client.getPrompt({ name: "mock_interview", arguments: { category: "coding" } });
    expect((prompt.messages[0]!.content as { text: string }).text).toMatch(/First question: /);
    await client.close();
  });

  it("follow each other's cursors and decks (same secret, no server state)", async () => {
    const first = await (await fetch(`${node.url}/v1/questions?limit=4`)).json();
    const fromWorker = await (await fetch(`${worker.url}/v1/questions?limit=4&cursor=${first.page.nextCursor}`)).json();
    const fromNode = await (await fetch(`${node.url}/v1/questions?limit=4&cursor=${first.page.nextCursor}`)).json();
    expect(fromWorker).toEqual(fromNode);
    const searched = await (await fetch(`${node.url}/v1/questions?q=gradient&limit=3`)).json();
    const [searchWorker, searchNode] = await Promise.all(
      [worker.url, node.url].map((base) => fetch(`${base}/v1/questions?q=gradient&limit=3&cursor=${searched.page.nextCursor}`).then((r) => r.json())),
    );
    expect(searchWorker).toEqual(searchNode);
    expect(searchWorker.data.length).toBe(3);
    const dealt = await (await fetch(`${worker.url}/v1/questions/random?count=2`)).json();
    const [a, b] = await Promise.all([
      fetch(`${worker.url}/v1/questions/random?count=3&deck=${dealt.deck}`).then((r) => r.json()),
      fetch(`${node.url}/v1/questions/random?count=3&deck=${dealt.deck}`).then((r) => r.json()),
    ]);
    expect(a).toEqual(b);
  });

  it("the Worker counts a key's requests in its Durable Object and answers 429 over the key's limit", async () => {
    const created = await fetch(`${worker.url}/v1/admin/keys`, {
      method: "POST",
      headers: { Authorization: `Bearer ${TEST_ADMIN_KEY}`, "Content-Type": "application/json" },
      body: JSON.stringify({ kind: "secret", name: "Worker limit", rateLimitPerMinute: 3 }),
    });
    expect(created.status).toBe(201);
    const { key } = await created.json();
    const remaining: Array<string | null> = [];
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${worker.url}/v1/categories`, { headers: { Authorization: `Bearer ${key}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get("ratelimit-policy")).toBe("3;w=60");
      remaining.push(res.headers.get("ratelimit-remaining"));
    }
    expect(remaining).toEqual(["2", "1", "0"]);
    const limited = await fetch(`${worker.url}/v1/categories`, { headers: { Authorization: `Bearer ${key}` } });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("content-type")).toBe("application/problem+json");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    // A forged key is refused, not served as anonymous.
    expect((await fetch(`${worker.url}/v1/categories`, { headers: { Authorization: "Bearer sk_0000000000000000000000000000000A" } })).status).toBe(
      401,
    );
  });

  it("the Worker serves public reads from the edge cache, and a content reload makes them all stale at once", async () => {
    const path = "/v1/categories/ml-system-design";
    const first = await fetch(worker.url + path);
    const second = await fetch(worker.url + path);
    expect([first.headers.get("x-edge-cache"), second.headers.get("x-edge-cache")]).toEqual(["MISS", "HIT"]);
    const body = await second.text();
    expect(body).toBe(await first.text());
    expect(second.headers.get("etag")).toBe(first.headers.get("etag"));
    // The cached answer still carries this caller's rate-limit state and a fresh request id.
    expect(second.headers.get("ratelimit-limit")).toBe("300");
    expect(second.headers.get("x-request-id")).not.toBe(first.headers.get("x-request-id"));
    const conditional = await fetch(worker.url + path, { headers: { "If-None-Match": second.headers.get("etag") ?? "" } });
    expect(conditional.status).toBe(304);
    // Random decks are never cached.
    expect((await fetch(`${worker.url}/v1/questions/random?count=1`)).headers.get("x-edge-cache")).toBeNull();

    // A content reload (what `npm run db:seed` does): new rows and a new content version.
    const db = createClient({ url: sqld.url });
    await db.batch([
      "UPDATE categories SET description = 'Reloaded description' WHERE slug = 'ml-system-design'",
      "UPDATE content_meta SET value = 'reloaded-content' WHERE key = 'seed-hash'",
    ]);
    db.close();
    await new Promise((resolve) => setTimeout(resolve, 1500)); // CONTENT_VERSION_TTL_SECONDS=1
    const reloaded = await fetch(worker.url + path);
    expect(reloaded.headers.get("x-edge-cache")).toBe("MISS");
    expect((await reloaded.json()).description).toBe("Reloaded description");
  });

  it("the Worker answers 503 problem+json with Retry-After when the database goes away", async () => {
    await sqld.stop();
    const res = await fetch(`${worker.url}/v1/questions/backpropagation`);
    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.headers.get("retry-after")).toBe("5");
    expect((await res.json()).code).toBe("database-unavailable");
    expect((await fetch(`${worker.url}/health`)).status).toBe(503);

    // sqld back on the same port and data: the same Worker answers again, without a restart.
    sqld = await startSqld(path.join(dir, "sqld"), Number(new URL(sqld.url).port));
    let health = 0;
    for (let i = 0; i < 50 && health !== 200; i++) {
      if (i) await new Promise((resolve) => setTimeout(resolve, 100));
      health = (await fetch(`${worker.url}/health`)).status;
    }
    expect(health).toBe(200);
    expect((await fetch(`${worker.url}/v1/questions/backpropagation`)).status).toBe(200);
  });
});
