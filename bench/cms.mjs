// --peers=cms: Directus, the self-hosted headless CMS a team would set up to serve these questions,
// on SQLite with the same questions, measured on its equivalent list, filtered list, detail and
// search. Installed on first use into bench/.work/directus (pinned version; npm compiles its
// sqlite3 and isolated-vm, about 4 minutes), outside the product's and the bench's dependencies.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { freePort, launch, runToEnd, timeToFirst200 } from "./processes.mjs";

export const DIRECTUS_VERSION = "12.4.0";
const DIR = path.join(import.meta.dirname, ".work/directus");
const CLI = path.join(DIR, "node_modules/directus/cli.js");
const ADMIN = { email: "bench@example.com", password: randomBytes(12).toString("hex") };

/** The same scenarios on Directus's REST API ({id}: the question's id, found at run time). */
export const DIRECTUS_PATHS = {
  list: "/items/questions?limit=20",
  filtered: "/items/questions?filter[category][_eq]=deep-learning&filter[difficulty][_eq]=medium&limit=20",
  detail: "/items/questions/{id}",
  search: "/items/questions?search=gradient%20descent&limit=20",
};

export async function ensureDirectus(log) {
  if (existsSync(CLI)) return;
  log(`installing Directus ${DIRECTUS_VERSION} into ${path.relative(process.cwd(), DIR)} (compiles sqlite3 and isolated-vm: minutes) …`);
  mkdirSync(DIR, { recursive: true });
  writeFileSync(path.join(DIR, "package.json"), JSON.stringify({ private: true, dependencies: { directus: DIRECTUS_VERSION } }, null, 2));
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const r = await runToEnd(npm, ["install", "--foreground-scripts", "--no-audit", "--no-fund"], { cwd: DIR, timeoutMs: 30 * 60_000 });
  if (r.code !== 0 || !existsSync(CLI)) throw new Error(`installing Directus failed (${r.code}):\n${(r.stdout + r.stderr).slice(-3000)}`);
}

function directusEnv(dbFile, port) {
  return {
    DB_CLIENT: "sqlite3",
    DB_FILENAME: dbFile,
    KEY: "bench-key-0123456789abcdef",
    SECRET: "bench-secret-0123456789abcdef-not-for-production",
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    HOST: "127.0.0.1",
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    TELEMETRY: "false",
    LOG_LEVEL: "warn",
    // Its defaults, stated: no response cache, no rate limiter (ours stays on).
    CACHE_ENABLED: "false",
    RATE_LIMITER_ENABLED: "false",
    MAX_PAYLOAD_SIZE: "20mb", // for loading the questions 50 at a time
  };
}

async function api(base, token, method, urlPath, body) {
  const res = await fetch(`${base}${urlPath}`, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`Directus ${method} ${urlPath} answered ${res.status}: ${text.slice(0, 500)}`);
  return text ? JSON.parse(text).data : null;
}

/** Starts Directus on its database; resolves once /server/ping answers 200, with the time it took. */
export async function startDirectus(dbFile) {
  const port = await freePort();
  const proc = launch("directus", process.execPath, [CLI, "start"], { cwd: DIR, env: directusEnv(dbFile, port) });
  const base = `http://127.0.0.1:${port}`;
  const ms = await timeToFirst200(proc, `${base}/server/ping`, 120_000);
  return { proc, port, base, ms };
}

/**
 * A fresh Directus database holding the questions: bootstrap (tables and admin), a `questions`
 * collection (id, slug, title, category, difficulty, the answer's text for its search, and the
 * whole detail as JSON, as json-server has it), public read access, the items.
 */
export async function seedDirectus(work, questions) {
  const dbFile = path.join(work, "directus", "directus.db");
  rmSync(path.dirname(dbFile), { recursive: true, force: true });
  mkdirSync(path.dirname(dbFile), { recursive: true });
  const bootstrap = await runToEnd(process.execPath, [CLI, "bootstrap"], { cwd: DIR, env: directusEnv(dbFile, 0), timeoutMs: 300_000 });
  if (bootstrap.code !== 0) throw new Error(`directus bootstrap failed (${bootstrap.code}):\n${(bootstrap.stdout + bootstrap.stderr).slice(-3000)}`);
  const directus = await startDirectus(dbFile);
  try {
    const { access_token: token } = await api(directus.base, null, "POST", "/auth/login", ADMIN);
    const field = (name, type, schema = {}) => ({ field: name, type, schema, meta: {} });
    await api(directus.base, token, "POST", "/collections", {
      collection: "questions",
      schema: {},
      meta: {},
      fields: [
        field("id", "integer", { is_primary_key: true, has_auto_increment: false }),
        field("slug", "string"),
        field("title", "string"),
        field("category", "string"),
        field("difficulty", "string"),
        field("answer", "text"),
        field("detail", "json"),
      ],
    });
    const [publicPolicy] = await api(directus.base, token, "GET", `/policies?filter[name][_eq]=${encodeURIComponent("$t:public_label")}&fields=id`);
    if (!publicPolicy) throw new Error("Directus has no public policy to grant read access to");
    await api(directus.base, token, "POST", "/permissions", { policy: publicPolicy.id, collection: "questions", action: "read", fields: ["*"], permissions: {}, validation: {} });
    for (let i = 0; i < questions.length; i += 50) {
      const items = questions.slice(i, i + 50).map((q) => ({
        id: q.id,
        slug: q.slug,
        title: q.title,
        category: q.category.slug,
        difficulty: q.difficulty,
        answer: q.answer.markdown,
        detail: q,
      }));
      await api(directus.base, token, "POST", "/items/questions", items);
    }
  } finally {
    await directus.proc.stop();
  }
  return dbFile;
}
