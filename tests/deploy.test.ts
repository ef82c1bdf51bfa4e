import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshCheckout } from "./process.js";

// `npx wrangler deploy` as an operator runs it on a fresh checkout: only the files git would give
// them (no dist/, no .wrangler/), the installed packages, and no flags beyond --dry-run.

let checkout: string;
beforeAll(async () => {
  checkout = await freshCheckout("deploy-test-");
});
afterAll(async () => {
  await rm(checkout, { recursive: true, force: true });
});

describe("npx wrangler deploy on a fresh checkout", () => {
  it("builds the assets and the Worker by itself, minified under 200 KB gzipped", async () => {
    expect(existsSync(path.join(checkout, "dist"))).toBe(false);
    const output = execFileSync(path.join(checkout, "node_modules/.bin/wrangler"), ["deploy", "--dry-run", "--outdir", "out"], {
      cwd: checkout,
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1", FORCE_COLOR: "0", CI: "true" },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 120_000,
    });
    expect(output).toContain("--dry-run: exiting now.");
    // The static assets /docs needs were built as part of the deploy.
    expect((await readFile(path.join(checkout, "dist/assets/docs/scalar.js"))).byteLength).toBeGreaterThan(1_000_000);

    const worker = await readFile(path.join(checkout, "out/worker.js"));
    const gzipped = gzipSync(worker).byteLength;
    const reported = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(output);
    console.log(`Worker from a fresh checkout: ${worker.byteLength} bytes raw, ${gzipped} gzipped; wrangler: ${reported?.[0]}`);
    expect(gzipped).toBeLessThan(200 * 1024);
    expect(Number(reported?.[2])).toBeLessThan(200);
    // Minified: unminified it is about 1,170 KB, with every function under its own name.
    expect(worker.byteLength).toBeLessThan(800 * 1024);
    expect(worker.toString("utf8")).not.toContain("function describeConfigError(");
  }, 180_000);
});
