// One load run, in its own process so the load generator never shares a CPU-bound event loop with
// the server it measures: node bench/load.mjs '<json options>' prints one JSON line of results.
// Options: url, method, path, connections, duration, warmup (seconds), expectedStatus, signup (bool).
import autocannon from "autocannon";

const options = JSON.parse(process.argv[2] ?? "{}");
const { url, path = "/", method = "GET", connections = 32, duration = 10, warmup = 0, signup = false } = options;

// Sign-ups need an address no one used before, on every request and across warm-up and runs.
const runTag = `${Date.now().toString(36)}${process.pid.toString(36)}`;
let sequence = 0;
const request = signup
  ? {
      method,
      path,
      headers: { "content-type": "application/json" },
      setupRequest: (req) => ({ ...req, body: JSON.stringify({ email: `bench-${runTag}-${++sequence}@example.com` }) }),
    }
  : { method, path };

function run(seconds) {
  return new Promise((resolve, reject) => {
    autocannon(
      { url, connections, pipelining: 1, duration: seconds, requests: [request], timeout: 10 },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
  });
}

try {
  if (warmup > 0) await run(warmup);
  const r = await run(duration);
  const statusCodes = Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([code, s]) => [code, s.count]));
  console.log(
    JSON.stringify({
      reqPerSec: r.requests.average,
      requests: r.requests.total,
      durationSeconds: r.duration,
      latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, mean: r.latency.average, max: r.latency.max },
      throughputBytesPerSec: r.throughput.average,
      statusCodes,
      non2xx: r.non2xx,
      errors: r.errors,
      timeouts: r.timeouts,
      ...(signup ? { signupsSent: sequence } : {}),
    }),
  );
} catch (err) {
  console.error(`load: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
