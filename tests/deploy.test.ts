import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readFile, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "./process.js";

// `npx wrangler deploy` as an operator runs it on a fresh checkout: only the files git would give
// them (no dist/, no .wrangler/), the installed packages, and no flags beyond --dry-run.

let checkout: string;
beforeAll(async () => {
  checkout = await mkdtemp(path.join(tmpdir(), "deploy-test-"));
  // What a clone holds: tracked files as they are in the work tree, and new ones not ignored.
  const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], { cwd: ROOT, encoding: "utf8" })
    .split("\0")
    .filter((file) => file && existsSync(path.join(ROOT, file)));
  for (const file of files) {
    await mkdir(path.dirname(path.join(checkout, file)), { recursive: true });
    await cp(path.join(ROOT, file), path.join(checkout, file));
  }
  await symlink(path.join(ROOT, "node_modules"), path.join(checkout, "node_modules"), "dir");
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
