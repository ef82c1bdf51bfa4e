import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_URL_BYTES } from "../src/http/url-limit.js";
import { createTestApp, createTestDatabase, TEST_SECRET } from "./helpers.js";
import { freePort, type Running, runProcess, startProcess, TSX } from "./process.js";

// Slow and oversized clients against the Node server as `npm start` runs it, over raw sockets:
// header and request timeouts, the body limit, the URL cap, and a slowloris crowd that must not
// starve anybody else.

const HEADERS_TIMEOUT_S = 2;
const REQUEST_TIMEOUT_S = 3;

let dir: string;
let server: Running & { url: string; port: number };

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "slow-clients-"));
  const port = await freePort();
  const running = await startProcess("sh", ["scripts/start.sh"], {
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: `file:${path.join(dir, "app.db")}`,
      SIGNING_SECRET: TEST_SECRET,
      MAIL_TRANSPORT: "none",
      LOG_LEVEL: "info",
      RATE_LIMIT_ANON_PER_MINUTE: "1000000000",
      HEADERS_TIMEOUT_SECONDS: String(HEADERS_TIMEOUT_S),
      REQUEST_TIMEOUT_SECONDS: String(REQUEST_TIMEOUT_S),
    },
    ready: /"msg":"listening"/,
    timeoutMs: 90_000,
  });
  server = { ...running, port, url: `http://127.0.0.1:${port}` };
});

afterAll(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

interface RawExchange {
  /** Everything the server sent before it closed the connection (or the deadline). */
  data: string;
  status: number | null;
  /** ms from connecting until the server closed the connection; null if it did not. */
  closedAfterMs: number | null;
}

/**
 * Writes `parts` to a fresh connection, `gapMs` apart, and collects what comes back until the
 * server closes the connection or `deadlineMs` passes.
 */
function exchange(parts: Array<string | Buffer>, options: { gapMs?: number; deadlineMs?: number } = {}): Promise<RawExchange> {
  return new Promise((resolve) => {
    const socket = net.connect(server.port, "127.0.0.1");
    const started = Date.now();
    let data = "";
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(deadline);
      socket.destroy();
      const match = /^HTTP\/1\.1 (\d{3}) /.exec(data);
      resolve({ data, status: match ? Number(match[1]) : null, closedAfterMs: closed ? Date.now() - started : null });
    };
    const deadline = setTimeout(() => finish(false), options.deadlineMs ?? 10_000);
    socket.on("data", (chunk) => (data += chunk.toString("latin1")));
    socket.on("close", () => finish(true));
    socket.on("error", () => undefined); // EPIPE/ECONNRESET once the server has closed: expected
    void (async () => {
      for (const part of parts) {
        if (socket.destroyed || done) return;
        socket.write(part);
        if (options.gapMs) await new Promise((r) => setTimeout(r, options.gapMs));
      }
    })();
  });
}

function bodyOf(raw: string): any {
  return JSON.parse(raw.slice(raw.indexOf("\r\n\r\n") + 4));
}

describe("header and request timeouts", () => {
  it("answers 408 and closes a connection whose headers are not complete within HEADERS_TIMEOUT_SECONDS", async () => {
    const [idle, trickling] = await Promise.all([
      exchange([]), // connects, sends nothing
      exchange(["GET /health HTTP/1.1\r\n", ..."Host: 127.0.0.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaa"], { gapMs: 500 }),
    ]);
    for (const result of [idle, trickling]) {
      expect(result.status).toBe(408);
      expect(result.data).toContain("Content-Type: application/problem+json");
      expect(bodyOf(result.data)).toMatchObject({ status: 408, code: "request-timeout" });
      expect(result.closedAfterMs).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_S * 1000 - 100);
      expect(result.closedAfterMs).toBeLessThan(HEADERS_TIMEOUT_S * 1000 + 1500);
    }
  });

  it("answers 408 and closes a connection whose body stalls past REQUEST_TIMEOUT_SECONDS", async () => {
    const stalled = await exchange([
      'POST /v1/subscribers HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"email":',
    ]);
    expect(stalled.status).toBe(408);
    expect(stalled.closedAfterMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_S * 1000 - 100);
    expect(stalled.closedAfterMs).toBeLessThan(REQUEST_TIMEOUT_S * 1000 + 1500);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });

  it("refuses a timeout configuration node:http would reject, with one line naming the variable", async () => {
    const { code, output } = await runProcess(TSX, ["src/server.ts"], { PORT: "8799", HEADERS_TIMEOUT_SECONDS: "20", REQUEST_TIMEOUT_SECONDS: "10" });
    expect(code).toBe(1);
    expect(output).toMatch(/invalid configuration: HEADERS_TIMEOUT_SECONDS must not be longer than REQUEST_TIMEOUT_SECONDS/);
  });
});

describe("the body limit over a real socket", () => {
  const head = (extra: string) => `POST /v1/subscribers HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n${extra}\r\n`;

  it("answers 413 problem+json to a declared Content-Length over 16 KB without waiting for the body", async () => {
    const res = await exchange([head("Content-Length: 20000\r\n")], { deadlineMs: 2000 });
    expect(res.status).toBe(413);
    expect(res.data).toMatch(/\r\ncontent-type: application\/problem\+json\r\n/i);
    expect(bodyOf(res.data).code).toBe("payload-too-large");
  });

  it("answers 413 to a chunked body once it grows past 16 KB, before the client has finished sending", async () => {
    const chunk = `1000\r\n${"x".repeat(0x1000)}\r\n`; // 4 KB a chunk
    const started = Date.now();
    // 40 chunks, 50 ms apart: 160 KB over two seconds, and no terminating chunk ever.
    const res = await exchange([head("Transfer-Encoding: chunked\r\n"), ...Array.from({ length: 40 }, () => chunk)], { gapMs: 50, deadlineMs: 5000 });
    expect(res.status).toBe(413);
    expect(bodyOf(res.data).code).toBe("payload-too-large");
    expect(Date.now() - started).toBeLessThan(1500); // after about five chunks, not after forty
  });

  it("accepts a body just under the limit (it is the size, not the method, that is refused)", async () => {
    const res = await fetch(`${server.url}/v1/subscribers`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: "under-the-limit@example.com", padding: "x".repeat(15_000) }),
    });
    expect(res.status).toBe(400); // read and validated: `padding` is no field of a sign-up
    expect((await res.json()).code).toBe("validation-failed");
  });
});

describe("the URL cap", () => {
  it(`answers 414 problem+json to a path and query over ${MAX_URL_BYTES} bytes, on Node and in the app (the Worker)`, async () => {
    const long = `/v1/questions?q=${"a".repeat(10_000)}`;
    const res = await fetch(server.url + long);
    expect(res.status).toBe(414);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect((await res.json()).code).toBe("uri-too-long");
    const app = createTestApp(await createTestDatabase({ seed: false }));
    const inApp = await app.request(long);
    expect(inApp.status).toBe(414);
    expect((await inApp.json()).code).toBe("uri-too-long");
    // Just under the cap the request is read and validated as usual.
    const under = await fetch(`${server.url}/v1/questions?q=${"a".repeat(MAX_URL_BYTES - 100)}`);
    expect(under.status).toBe(400);
  });

  it("answers a request line over node:http's 16 KB header limit with 431 problem+json and closes the connection", async () => {
    const res = await exchange([`GET /v1/questions?q=${"a".repeat(100_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`], { deadlineMs: 2000 });
    expect(res.status).toBe(431);
    expect(bodyOf(res.data)).toMatchObject({ status: 431, code: "request-header-fields-too-large" });
    const garbage = await exchange(["NOT HTTP AT ALL\r\n\r\n"], { deadlineMs: 2000 });
    expect(garbage.status).toBe(400);
    expect(bodyOf(garbage.data)).toMatchObject({ status: 400, code: "bad-request", type: "/problems/bad-request" });
    expect(res.closedAfterMs).not.toBeNull();
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });
});

describe("a slowloris crowd", () => {
  it("200 sockets trickling headers do not starve other clients, and are closed after the header timeout", { timeout: 30_000 }, async () => {
    const SLOW = 200;
    // Warm up the reads the other client makes, so what is measured is the crowd's effect.
    for (const p of ["/v1/categories", "/v1/questions?limit=5"]) expect((await fetch(server.url + p)).status).toBe(200);

    const crowd = Array.from({ length: SLOW }, (_, i) =>
      exchange([`GET /v1/questions?limit=${1 + (i % 20)} HTTP/1.1\r\n`, ...`Host: 127.0.0.1\r\nX-Slowloris: ${"a".repeat(30)}`], {
        gapMs: 1000, // one header byte a second
        deadlineMs: 15_000,
      }),
    );
    await new Promise((r) => setTimeout(r, 300)); // all connected and trickling

    const latencies: number[] = [];
    for (let i = 0; i < 50; i++) {
      const started = performance.now();
      const res = await fetch(`${server.url}${i % 2 ? "/v1/categories" : "/v1/questions?limit=5"}`);
      await res.arrayBuffer();
      latencies.push(performance.now() - started);
      expect(res.status).toBe(200);
    }
    expect(Math.max(...latencies), `latencies: ${latencies.map(Math.round).join(", ")}`).toBeLessThan(200);

    const results = await Promise.all(crowd);
    for (const result of results) {
      expect(result.status).toBe(408);
      expect(result.closedAfterMs).not.toBeNull();
      expect(result.closedAfterMs!).toBeLessThan(HEADERS_TIMEOUT_S * 1000 + 2000);
    }
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });
});
