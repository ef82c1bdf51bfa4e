#!/usr/bin/env node
// Memory under invented URLs (security review, item 1): RSS of a real Node server before and after
// 8,000 padded `/problems/not-found?p=…` requests and 6,000 invented 3 KB URLs spread over the routes
// the review named, and again 25 s later. Usage: node bench/padded-urls.mjs [--root DIR] [--rounds N]
// (DIR: a checkout to measure, by default this one; N rounds of the 6,000 invented URLs).
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { freePort, killAll, launch, memoryOf, timeToFirst200 } from "./processes.mjs";

const { values } = parseArgs({
  options: { root: { type: "string", default: path.resolve(import.meta.dirname, "..") }, rounds: { type: "string", default: "1" } },
});
const root = path.resolve(values.root);
const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

function request(url) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode));
    });
    req.on("error", reject);
  });
}

/** Sends the URLs four at a time; counts the answers by status. */
async function flood(base, urls) {
  const statuses = {};
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < urls.length) {
        const status = await request(base + urls[next++]);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }),
  );
  return statuses;
}

const dir = await mkdtemp(path.join(os.tmpdir(), "padded-urls-"));
const port = await freePort();
const service = launch("service", path.join(root, "node_modules/.bin/tsx"), ["src/server.ts"], {
  cwd: root,
  env: { PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: `file:${dir}/app.db`, MAIL_TRANSPORT: "none", LOG_LEVEL: "warn", RATE_LIMIT_ANON_PER_MINUTE: "1000000000" },
});
try {
  const base = `http://127.0.0.1:${port}`;
  await timeToFirst200(service, `${base}/health`);
  // Warm up the routes once, so the "before" figure includes what a normal start-up holds.
  for (const url of ["/v1/categories", "/v1/prep-plan", "/widget.js", "/embed/embed.css", "/problems/not-found", "/v1/questions?limit=20"]) await request(base + url);
  await new Promise((r) => setTimeout(r, 2000));
  const rss = () => memoryOf(service, port).rssMiB;
  const result = { root, before: rss() };

  const pad = "x".repeat(3000);
  result.problems = await flood(base, Array.from({ length: 8000 }, (_, i) => `/problems/not-found?p=${i}&pad=${pad}`));
  result.afterProblems = rss();

  const oembed = encodeURIComponent(`http://localhost:${port}/embed/questions/bias-variance-tradeoff`);
  const routes = [
    (i) => `/v1/categories?p=${i}&pad=${pad}`,
    (i) => `/v1/prep-plan?p=${i}&pad=${pad}`,
    (i) => `/widget.js?p=${i}&pad=${pad}`,
    (i) => `/embed/embed.css?p=${i}&pad=${pad}`,
    (i) => `/oembed?url=${oembed}&p=${i}&pad=${pad}`,
    (i) => `/problems/validation-failed?p=${i}&pad=${pad}`,
  ];
  // More rounds tell memory kept (it grows with every round) from heap the collector has not given back yet (it levels off).
  result.afterInvented = [];
  for (let round = 0; round < Number(values.rounds); round++) {
    result.invented = await flood(base, Array.from({ length: 6000 }, (_, i) => routes[i % routes.length](round * 6000 + i)));
    result.afterInvented.push(rss());
  }
  await new Promise((r) => setTimeout(r, 25_000));
  result.after25s = rss();
  console.log(JSON.stringify(result, null, 2));
} finally {
  agent.destroy();
  killAll();
  await rm(dir, { recursive: true, force: true });
}
