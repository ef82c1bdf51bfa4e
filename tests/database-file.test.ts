import { execFileSync } from "node:child_process";
import { chmod, copyFile, mkdtemp, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { TEST_SECRET } from "./helpers.js";
import { freePort, type Running, startProcess, TSX } from "./process.js";

// The Node server's embedded database file, taken away or made read-only under it: /health says
// so (503 with the reason), writes are refused with a clear problem instead of being lost, and a
// start that finds the file gone says loudly that it begins with an empty database.

let dir: string;
let server: (Running & { url: string }) | undefined;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "database-file-test-"));
});
afterEach(async () => {
  await server?.stop();
  server = undefined;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function start(file: string): Promise<Running & { url: string }> {
  const port = await freePort();
  const running = await startProcess(TSX, ["src/server.ts"], {
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
      SIGNING_SECRET: TEST_SECRET,
      DATABASE_URL: `file:${file}`,
      MAIL_TRANSPORT: "none",
    },
    ready: /"msg":"listening"/,
    timeoutMs: 90_000,
  });
  server = { ...running, url: `http://127.0.0.1:${port}` };
  return server;
}

const signUp = (url: string) =>
  fetch(`${url}/v1/subscribers`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email: "ada@example.com" }),
  });

async function expectUnavailable(res: Response, reason: RegExp) {
  expect(res.status).toBe(503);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
  const problem = (await res.json()) as { code: string; detail: string };
  expect(problem.code).toBe("database-unavailable");
  expect(problem.detail).toMatch(reason);
}

const errorLines = (output: string) =>
  output
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as { level: string; msg: string; problem?: string })
    .filter((l) => l.level === "error");

describe("the database file of the Node server", () => {
  it("deleted while it runs: /health and writes answer 503 with the reason; the next start says loudly that it begins empty", async () => {
    const file = path.join(dir, "deleted", "app.db");
    const { url } = await start(file);
    expect((await fetch(`${url}/health`)).status).toBe(200);
    expect(errorLines(server!.output())).toEqual([]);

    for (const suffix of ["", "-wal", "-shm"]) await rm(file + suffix, { force: true });
    await expectUnavailable(await fetch(`${url}/health`), /deleted/);
    await expectUnavailable(await signUp(url), /deleted/);
    expect((await fetch(`${url}/v1/categories`)).status).toBe(200); // reads still come from the open file

    await server!.stop();
    const restarted = await start(file);
    expect(errorLines(restarted.output())).toEqual([
      expect.objectContaining({ msg: "DATABASE MISSING", problem: expect.stringMatching(/NEW, EMPTY database/) }),
    ]);
    expect((await fetch(`${restarted.url}/health`)).status).toBe(200);
    // The new database is the one expected from now on.
    await restarted.stop();
    expect(errorLines((await start(file)).output())).toEqual([]);
  });

  it("replaced by another file while it runs: /health answers 503 and says to restart", async () => {
    const file = path.join(dir, "replaced", "app.db");
    const { url } = await start(file);
    await copyFile(file, `${file}.copy`);
    await rename(`${file}.copy`, file);
    await expectUnavailable(await fetch(`${url}/health`), /replaced.*[Rr]estart/);
    await expectUnavailable(await signUp(url), /replaced/);
  });

  it("read-only: the start logs it, /health answers 503, writes are refused as read-only, reads still work", async () => {
    const file = path.join(dir, "read-only", "app.db");
    await (await start(file)).stop();
    await chmod(file, 0o444);
    // root writes to any file whatever its mode: make it immutable too, as a read-only mount would be.
    const asRoot = process.getuid?.() === 0;
    if (asRoot) execFileSync("chattr", ["+i", file]);
    try {
      const { url } = await start(file);
      expect(errorLines(server!.output())).toEqual([
        expect.objectContaining({ msg: "database not writable", problem: expect.stringMatching(/cannot be written/) }),
      ]);
      await expectUnavailable(await fetch(`${url}/health`), /cannot be written.*writable/);
      await expectUnavailable(await signUp(url), /read-only/);
      expect((await fetch(`${url}/v1/categories`)).status).toBe(200);
    } finally {
      if (asRoot) execFileSync("chattr", ["-i", file]);
    }
  });
});
