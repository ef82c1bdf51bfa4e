// What the bench measures and the bars of issue 6. Ratios, not absolute req/s, carry the bars:
// the machines are shared and noisy, and the bare server moves with them.

export const SCENARIOS = [
  { name: "list", path: "/v1/questions?limit=20", ratioBar: 0.6, jsonServer: "/questions?_limit=20" },
  {
    name: "filtered",
    path: "/v1/questions?category=deep-learning&difficulty=medium&limit=20",
    ratioBar: 0.4,
    jsonServer: "/questions?category.slug=deep-learning&difficulty=medium&_limit=20",
  },
  // json-server's detail path takes the id the service gives this slug (found at run time).
  { name: "detail", path: "/v1/questions/bias-variance-tradeoff", ratioBar: 0.6, jsonServer: "/questions/{id}" },
  { name: "search", path: "/v1/questions?q=gradient%20descent&limit=20", ratioBar: 0.3, jsonServer: "/questions?q=gradient%20descent&_limit=20" },
  { name: "random", path: "/v1/questions/random?count=1", ratioBar: 0.4 },
  { name: "daily", path: "/v1/questions/daily", ratioBar: 0.6 },
  { name: "categories", path: "/v1/categories", ratioBar: 0.6 },
  // A write: every request signs up a new address (bench/load.mjs makes each body unique).
  { name: "signup", path: "/v1/subscribers", method: "POST", expectedStatus: 202, write: true },
];

export const BARS = {
  p99Ms: 50, // every read, at 32 connections
  coldStartMs: 500,
  firstStartMs: 3000,
  rssMiB: 120,
  workerGzipKiB: 200,
};

/** More than this share of wrong statuses or socket errors fails the run: nobody benchmarks a 429. */
export const MAX_BAD_SHARE = 0.001;
