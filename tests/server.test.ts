import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createClient } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_SECRET } from "./helpers.js";
import { freePort, type Running, runProcess, startProcess, startSqld, TSX } from "./process.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "server-test-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function startServer(env: Record<string, string>): Promise<Running & { url: string }> {
  const port = await freePort();
  const running = await startProcess(TSX, ["src/server.ts"], {
    env: { PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "info", SIGNING_SECRET: TEST_SECRET, ...env },
    ready: /"msg":"listening"/,
    timeoutMs: 90_000,
  });
  return { ...running, url: `http://127.0.0.1:${port}` };
}

describe("the Node server over a real socket", () => {
  let server: Running & { url: string };
  const dbFile = () => path.join(dir, "nested", "app.db");

  beforeAll(async () => {
    server = await startServer({ DATABASE_URL: `file:${dbFile()}` });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("creates, migrates and seeds its database file on first start", async () => {
    expect(server.output()).toContain('"msg":"content loaded"');
    const res = await fetch(`${server.url}/health`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.questions).toBeGreaterThan(0);
  });

  it("serves the API with real HTTP semantics: keep-alive, ETag, 304, HEAD", async () => {
    const res = await fetch(`${server.url}/v1/questions?limit=3`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const etag = res.headers.get("etag")!;
    const again = await fetch(`${server.url}/v1/questions?limit=3`, { headers: { "If-None-Match": etag } });
    expect(again.status).toBe(304);
    const head = await fetch(`${server.url}/v1/categories`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
  });

  it("limits anonymous clients by socket address: 300 a minute by default, RATE_LIMIT_ANON_PER_MINUTE otherwise", async () => {
    const res = await fetch(`${server.url}/v1/categories`);
    expect(res.headers.get("ratelimit-policy")).toBe("300;w=60");
    const strict = await startServer({ DATABASE_URL: `file:${dbFile()}`, RATE_LIMIT_ANON_PER_MINUTE: "3" });
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await fetch(`${strict.url}/v1/categories`)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const limited = await fetch(`${strict.url}/health`);
      expect(limited.status).toBe(429);
      expect(limited.headers.get("content-type")).toBe("application/problem+json");
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(limited.headers.get("ratelimit-remaining")).toBe("0");
    } finally {
      await strict.stop();
    }
  });

  it("answers repeated reads from memory, and shows a content reload by another process at once", async () => {
    const path_ = "/v1/categories/coding";
    const before = await (await fetch(server.url + path_)).json();
    const again = await fetch(server.url + path_);
    expect(again.headers.get("ratelimit-remaining")).toBeTruthy();
    expect((await again.json()).description).toBe(before.description);
    const other = createClient({ url: `file:${dbFile()}` });
    const hash = (await other.execute("SELECT value FROM content_meta WHERE key = 'seed-hash'")).rows[0]?.value as string;
    const reload = (description: string, version: string) =>
      other.batch(
        [
          { sql: "UPDATE categories SET description = ? WHERE slug = 'coding'", args: [description] },
          { sql: "UPDATE content_meta SET value = ? WHERE key = 'seed-hash'", args: [version] },
        ],
        "write",
      );
    await reload("Reloaded by another process", JSON.stringify("reloaded-elsewhere"));
    // The server watches its database file: the reload shows before the one-second check would
    // (measured at 20–60 ms; the bound leaves room for a loaded CI machine).
    const started = Date.now();
    let description = before.description;
    while (description !== "Reloaded by another process" && Date.now() - started < 2000) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      description = (await (await fetch(server.url + path_)).json()).description;
    }
    expect(description).toBe("Reloaded by another process");
    expect(Date.now() - started).toBeLessThan(1000);
    await reload(before.description, hash); // as the seed has it, for the restart test below
    other.close();
  });

  it("starts the way `npm start` does: from the snapshot scripts/start.sh builds, with every path resolved", async () => {
    const port = await freePort();
    const started = await startProcess("sh", ["scripts/start.sh"], {
      env: { PORT: String(port), DATABASE_URL: `file:${path.join(dir, "npm-start.db")}`, LOG_LEVEL: "info", MAIL_TRANSPORT: "none" },
      ready: /"msg":"listening"/,
      timeoutMs: 90_000,
    });
    try {
      const base = `http://127.0.0.1:${port}`;
      expect(((await (await fetch(`${base}/health`)).json()) as { questions: number }).questions).toBeGreaterThan(200);
      expect((await fetch(`${base}/docs/scalar.js`)).status).toBe(200);
      expect((await fetch(`${base}/v1/questions/bias-variance-tradeoff`)).status).toBe(200);
    } finally {
      await started.stop();
    }
  });

  it("serves the docs page and Scalar's script from its own origin", async () => {
    const page = await fetch(`${server.url}/docs`);
    expect(await page.text()).toContain("/docs/scalar.js");
    const script = await fetch(`${server.url}/docs/scalar.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toContain("javascript");
    expect((await script.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
  });

  it("answers malformed requests with problem+json, not a crash", async () => {
    const res = await fetch(`${server.url}/v1/questions?limit=%zz`);
    expect(res.status).toBeLessThan(500);
    const big = await fetch(`${server.url}/v1/questions`, { method: "POST", body: "x".repeat(1 << 20) });
    expect(big.status).toBe(413);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });

  it.each([
    ["a space in Host", "exa mple.com"],
    ["userinfo in Host", "api.test@evil.example"],
    ["a path in Host", "api.test/evil"],
  ])("answers an invalid Host (%s) with 400 problem+json", async (_name, host) => {
    const port = Number(new URL(server.url).port);
    const raw = await new Promise<string>((resolve, reject) => {
      let out = "";
      const socket = connect(port, "127.0.0.1", () => socket.end(`GET /health HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`));
      socket.on("data", (chunk) => (out += chunk.toString()));
      socket.on("end", () => resolve(out));
      socket.on("error", reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    expect(raw.toLowerCase()).toContain("content-type: application/problem+json");
    expect(raw.toLowerCase()).toContain("x-content-type-options: nosniff");
    const body = JSON.parse(raw.slice(raw.indexOf("\r\n\r\n") + 4));
    expect(body).toMatchObject({ status: 400, code: "bad-request", type: "/problems/bad-request" });
    expect(body.detail).toMatch(/host|url/i);
  });

  it("restarts without reseeding when the content did not change, and exits 0 on SIGTERM", async () => {
    expect(await server.stop()).toBe(0);
    server = await startServer({ DATABASE_URL: `file:${dbFile()}` });
    expect(server.output()).toContain('"msg":"content unchanged"');
    expect((await fetch(`${server.url}/v1/questions/bias-variance-tradeoff`)).status).toBe(200);
  });
});

describe("start-up validation", () => {
  it.each([
    [{ PORT: "eighty" }, /^invalid configuration: PORT /],
    [{ PORT: "70000" }, /^invalid configuration: PORT /],
    [{ HOST: "bad host!" }, /^invalid configuration: HOST /],
    [{ DATABASE_URL: "postgres://x" }, /^invalid configuration: DATABASE_URL must be a libSQL URL/],
    [{ PUBLIC_URL: "not a url" }, /^invalid configuration: PUBLIC_URL /],
    [{ LOG_LEVEL: "loud" }, /^invalid configuration: LOG_LEVEL /],
    [{ SIGNING_SECRET: "short" }, /^invalid configuration: SIGNING_SECRET must be at least 32 characters/],
    [{ RATE_LIMIT_ANON_PER_MINUTE: "lots" }, /^invalid configuration: RATE_LIMIT_ANON_PER_MINUTE /],
    [{ RATE_LIMIT_ANON_PER_MINUTE: "0" }, /^invalid configuration: RATE_LIMIT_ANON_PER_MINUTE /],
  ])("exits non-zero with one line naming the variable for %j", async (env, message) => {
    const { code, output } = await runProcess(TSX, ["src/server.ts"], { PORT: "8799", ...env });
    expect(code).toBe(1);
    const lines = output.split("\n").filter((l) => l.trim() && !l.includes("nodedir"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(output).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("starts with empty variables as .env files and container platforms write them (`DATABASE_AUTH_TOKEN=`)", async () => {
    const empty = { DATABASE_AUTH_TOKEN: "", ADMIN_API_KEY: "", SMTP_URL: "", PUBLIC_URL: "", TRUST_PROXY: "", SIGNING_SECRET: "" };
    const server = await startServer({ DATABASE_URL: `file:${path.join(dir, "empty-vars.db")}`, ...empty });
    try {
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
      expect(server.output()).not.toContain("invalid configuration");
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it("exits non-zero naming a database it cannot open", async () => {
    const notADirectory = path.join(dir, "plain-file");
    await writeFile(notADirectory, "");
    const url = `file:${notADirectory}/app.db`;
    const { code, output } = await runProcess(TSX, ["src/server.ts"], { PORT: "8799", DATABASE_URL: url });
    expect(code).toBe(1);
    const lines = output
      .trim()
      .split("\n")
      .filter((l) => !l.includes("nodedir"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`cannot open database ${url}: `);
  });

  it("exits non-zero naming an unreachable database server", async () => {
    const port = await freePort();
    const { code, output } = await runProcess(TSX, ["src/server.ts"], { PORT: "8799", DATABASE_URL: `http://127.0.0.1:${port}` });
    expect(code).toBe(1);
    expect(output).toMatch(new RegExp(`cannot open database http://127.0.0.1:${port}: `));
  });
});

describe("the Node server against a libSQL server (sqld) over HTTP", () => {
  it("migrates and seeds it with the README's commands, serves from it, and answers 503 when it goes away", async () => {
    const sqld = await startSqld(path.join(dir, "sqld-data"));
    const env = { DATABASE_URL: sqld.url };
    try {
      expect((await runProcess(TSX, ["scripts/db.ts", "migrate"], env)).output).toContain(`migrated ${sqld.url}`);
      expect((await runProcess(TSX, ["scripts/db.ts", "seed"], env)).output).toMatch(/seeded .* \d+ questions/);
      const server = await startServer(env);
      try {
        expect(server.output()).toContain('"msg":"content unchanged"');
        const res = await fetch(`${server.url}/v1/questions?q=regularization&limit=2`);
        expect(res.status).toBe(200);
        expect((await res.json()).data.length).toBe(2);

        await sqld.stop();
        const down = await fetch(`${server.url}/v1/questions/bias-variance-tradeoff`);
        expect(down.status).toBe(503);
        expect(down.headers.get("retry-after")).toBe("5");
        expect(down.headers.get("content-type")).toBe("application/problem+json");
        const health = await fetch(`${server.url}/health`);
        expect(health.status).toBe(503);
      } finally {
        await server.stop();
      }
    } finally {
      await sqld.stop();
    }
  });
});
