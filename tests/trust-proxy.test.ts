import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_SECRET } from "./helpers.js";
import { freePort, type Running, startProcess, TSX } from "./process.js";

// The Node server behind a reverse proxy, over real sockets. The test is the proxy: its requests
// come from 127.0.0.1 and name the client in X-Forwarded-For. /v1/categories is answered from the
// response cache after its first request (the direct path), /health always by the app: both must
// count a client the same way.

const LIMIT = 6;
let dir: string;
let behindProxy: Running & { url: string };
let direct: Running & { url: string };

async function startServer(name: string, env: Record<string, string>): Promise<Running & { url: string }> {
  const port = await freePort();
  const running = await startProcess(TSX, ["src/server.ts"], {
    env: {
      PORT: String(port),
      DATABASE_URL: `file:${path.join(dir, `${name}.db`)}`,
      SIGNING_SECRET: TEST_SECRET,
      MAIL_TRANSPORT: "none",
      RATE_LIMIT_ANON_PER_MINUTE: String(LIMIT),
      SIGNUP_LIMIT_PER_CLIENT: "2",
      LOG_LEVEL: "info",
      ...env,
    },
    ready: /"msg":"listening"/,
    timeoutMs: 90_000,
  });
  return { ...running, url: `http://127.0.0.1:${port}` };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "trust-proxy-test-"));
  [behindProxy, direct] = await Promise.all([startServer("proxied", { TRUST_PROXY: "loopback" }), startServer("direct", {})]);
});
afterAll(async () => {
  await Promise.all([behindProxy?.stop(), direct?.stop()]);
  await rm(dir, { recursive: true, force: true });
});

/** Requests alternating between the cached and the uncached path; their statuses. */
async function burst(url: string, count: number, forwardedFor: (i: number) => string): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) {
    const res = await fetch(`${url}${i % 2 ? "/health" : "/v1/categories"}`, { headers: { "X-Forwarded-For": forwardedFor(i) } });
    await res.arrayBuffer();
    statuses.push(res.status);
  }
  return statuses;
}

const allowed = Array(LIMIT).fill(200);

describe("behind a reverse proxy (TRUST_PROXY=loopback)", () => {
  it("limits each forwarded client on its own, on the cached and the uncached path alike", async () => {
    expect(await burst(behindProxy.url, LIMIT + 2, () => "203.0.113.1")).toEqual([...allowed, 429, 429]);
    // Another client behind the same proxy still has its whole limit.
    const other = await fetch(`${behindProxy.url}/v1/categories`, { headers: { "X-Forwarded-For": "203.0.113.2" } });
    expect(other.status).toBe(200);
    expect(other.headers.get("ratelimit-remaining")).toBe(String(LIMIT - 1));
  });

  it("counts the entry the proxy appended: what a client forges to its left changes nothing", async () => {
    const statuses = await burst(behindProxy.url, LIMIT + 1, (i) => `198.51.100.${i}, 203.0.113.3`);
    expect(statuses).toEqual([...allowed, 429]);
  });

  it("counts an IPv6 client by its /64: rotating addresses within it does not escape the limit", async () => {
    const statuses = await burst(behindProxy.url, LIMIT + 1, (i) => `2001:db8:77:1:${i.toString(16)}::${i + 1}`);
    expect(statuses).toEqual([...allowed, 429]);
    const nextAllocation = await fetch(`${behindProxy.url}/health`, { headers: { "X-Forwarded-For": "2001:db8:77:2::1" } });
    expect(nextAllocation.status).toBe(200);
  });

  it("limits sign-ups per forwarded client, IPv6 by /64", async () => {
    const signUp = async (forwardedFor: string, email: string) =>
      (
        await fetch(`${behindProxy.url}/v1/subscribers`, {
          method: "POST",
          headers: { "Content-Type": "application/json", "X-Forwarded-For": forwardedFor },
          body: JSON.stringify({ email }),
        })
      ).status;
    expect(await signUp("2001:db8:88:1::1", "a@example.com")).toBe(202);
    expect(await signUp("2001:db8:88:1::2", "b@example.com")).toBe(202);
    expect(await signUp("2001:db8:88:1:ffff::3", "c@example.com")).toBe(429);
    expect(await signUp("2001:db8:88:2::1", "d@example.com")).toBe(202);
    expect(await signUp("203.0.113.40", "e@example.com")).toBe(202);
  });
});

describe("without TRUST_PROXY", () => {
  it("ignores X-Forwarded-For: a client forging a new address on every request is still one client", async () => {
    const statuses = await burst(direct.url, LIMIT + 2, (i) => `203.0.113.${i + 1}`);
    expect(statuses).toEqual([...allowed, 429, 429]);
  });
});
