import { cp, mkdtemp, readFile, rm, stat, symlink, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_SECRET } from "./helpers.js";
import { freePort, ROOT, runProcess, startProcess } from "./process.js";

// `npm start` (scripts/start.sh) in a checkout of its own, so that touching sources and breaking
// the build here cannot disturb the other tests' servers: node_modules is linked, the rest copied.

let checkout: string;
const blob = () => path.join(checkout, "dist/node/server.blob");
const blobTime = async () => (await stat(blob())).mtimeMs;

beforeAll(async () => {
  checkout = await mkdtemp(path.join(tmpdir(), "start-test-"));
  for (const entry of ["src", "seed", "scripts", "migrations", "package.json"]) {
    await cp(path.join(ROOT, entry), path.join(checkout, entry), { recursive: true });
  }
  await symlink(path.join(ROOT, "node_modules"), path.join(checkout, "node_modules"));
});
afterAll(async () => {
  await rm(checkout, { recursive: true, force: true });
});

async function start(env: Record<string, string> = {}) {
  const port = await freePort();
  const running = await startProcess("sh", ["scripts/start.sh"], {
    cwd: checkout,
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: `file:${path.join(checkout, "data/app.db")}`,
      LOG_LEVEL: "info",
      MAIL_TRANSPORT: "none",
      SIGNING_SECRET: TEST_SECRET,
      ...env,
    },
    ready: /"msg":"listening"/,
    timeoutMs: 90_000,
  });
  return { ...running, url: `http://127.0.0.1:${port}` };
}

async function touchInTheFuture(file: string) {
  const later = new Date(Date.now() + 60_000);
  await utimes(file, later, later);
}

describe("npm start (scripts/start.sh)", () => {
  it("builds the snapshot on first start, migrates and seeds, and serves every kind of answer from it", async () => {
    const server = await start();
    try {
      expect(server.output()).toContain('"msg":"content loaded"');
      const health = (await (await fetch(`${server.url}/health`)).json()) as { questions: number };
      expect(health.questions).toBeGreaterThan(200);
      const question = await fetch(`${server.url}/v1/questions/bias-variance-tradeoff`);
      expect(question.status).toBe(200);
      expect(((await question.json()) as { answer: { html: string } }).answer.html).toContain("<p>");
      expect((await fetch(`${server.url}/v1/questions/random?count=3`)).status).toBe(200);
      expect((await fetch(`${server.url}/docs/scalar.js`)).status).toBe(200);
      const missing = await fetch(`${server.url}/v1/questions/no-such-question`);
      expect(missing.status).toBe(404);
      expect(missing.headers.get("content-type")).toBe("application/problem+json");
      const signup = await fetch(`${server.url}/v1/subscribers`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ email: "start-test@example.com" }),
      });
      expect(signup.status).toBe(202);
    } finally {
      expect(await server.stop()).toBe(0);
    }
    expect((await stat(blob())).size).toBeGreaterThan(1_000_000);
  });

  it("starts again from the same snapshot when nothing changed, on unchanged content", async () => {
    const built = await blobTime();
    const server = await start();
    try {
      expect(server.output()).toContain('"msg":"content unchanged"');
    } finally {
      await server.stop();
    }
    expect(await blobTime()).toBe(built);
  });

  it("rebuilds when a TypeScript source is newer than the snapshot, and serves the change", async () => {
    const built = await blobTime();
    const problem = path.join(checkout, "src/http/problem.ts");
    const source = await readFile(problem, "utf8");
    expect(source).toContain('"Not found"');
    await writeFile(problem, source.replace('"Not found"', '"Not found (rebuilt)"'));
    await touchInTheFuture(problem);
    const server = await start();
    try {
      const missing = (await (await fetch(`${server.url}/v1/questions/no-such-question`)).json()) as { title: string };
      expect(missing.title).toBe("Not found (rebuilt)");
    } finally {
      await server.stop();
    }
    expect(await blobTime()).toBeGreaterThan(built);
    await writeFile(problem, source);
    await touchInTheFuture(problem);
  });

  it("rebuilds when the snapshot was made for another Node, other flags or another checkout", async () => {
    const stampFile = path.join(checkout, "dist/node/server.stamp");
    await start().then((server) => server.stop()); // settles the source restored above
    const built = await blobTime();
    const stamp = await readFile(stampFile, "utf8");
    expect(stamp).toContain(checkout);
    expect(stamp).toContain(process.version);
    await writeFile(stampFile, stamp.replace(process.version, "v0.0.0"));
    const server = await start();
    await server.stop();
    expect(await blobTime()).toBeGreaterThan(built);
    expect(await readFile(stampFile, "utf8")).toBe(stamp);
  });

  it("starts after the build was run by hand with other V8 flags: the start checks again and rebuilds", async () => {
    const { code } = await runProcess(process.execPath, [path.join(checkout, "scripts/build-node.mjs"), "--max-semi-space-size=2"], {}, 60_000);
    expect(code).toBe(0);
    const server = await start();
    try {
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it("runs without the snapshot as well, where there is no POSIX shell: node dist/node/server.cjs", async () => {
    const port = await freePort();
    const server = await startProcess(process.execPath, ["dist/node/server.cjs"], {
      cwd: checkout,
      env: {
        PORT: String(port),
        HOST: "127.0.0.1",
        DATABASE_URL: `file:${path.join(checkout, "data/app.db")}`,
        LOG_LEVEL: "info",
        MAIL_TRANSPORT: "none",
      },
      ready: /"msg":"listening"/,
    });
    try {
      const health = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as { questions: number };
      expect(health.questions).toBeGreaterThan(200);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it("reads the environment when it starts, not when the snapshot was built: SEED_DIR", async () => {
    const other = path.join(checkout, "other-seed");
    await cp(path.join(checkout, "seed"), other, { recursive: true });
    const file = path.join(other, "questions/ml-algorithms-theory/bias-variance-tradeoff.md");
    const text = await readFile(file, "utf8");
    await writeFile(file, text.replace(/^title: .*$/m, "title: What is the bias-variance trade-off? (other seed)"));
    const server = await start({ SEED_DIR: other, DATABASE_URL: `file:${path.join(checkout, "data/other.db")}` });
    try {
      const question = (await (await fetch(`${server.url}/v1/questions/bias-variance-tradeoff`)).json()) as { title: string };
      expect(question.title).toBe("What is the bias-variance trade-off? (other seed)");
    } finally {
      await server.stop();
    }
  });

  it("refuses to build a snapshot whose modules read an environment variable while loading", async () => {
    const logger = path.join(checkout, "src/logger.ts");
    const source = await readFile(logger, "utf8");
    await writeFile(logger, `${source}\nif (process.env.HOME === "") console.warn("HOME is empty");\n`);
    await touchInTheFuture(logger);
    try {
      // An invalid PORT, so that a server started by mistake exits at once instead of running on.
      const { code, output } = await runProcess("sh", [path.join(checkout, "scripts/start.sh")], { PORT: "not-a-port" }, 60_000);
      expect(code).not.toBe(0);
      expect(output).toContain("the snapshot read environment variables while loading: HOME");
      expect(output).not.toContain('"msg":"listening"');
    } finally {
      await writeFile(logger, source);
    }
  });
});
