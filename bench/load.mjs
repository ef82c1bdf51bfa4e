// One load run, in its own process so the load generator never shares a CPU-bound event loop with
// the server it measures: node bench/load.mjs '<json options>' prints one JSON line of results.
// Options: url, method, path, connections, duration, warmup (seconds), expectedStatus, signup (bool);
// for the long tail, pathsFile (one path a line: every request takes the next one, starting at
// `offset`, wrapping round at the end), walk (bool: the paths start cursor walks, and a 200 with a
// page.nextCursor is followed by that next page before a new walk starts) and amount (a number of
// requests instead of a duration).
import { readFileSync } from "node:fs";
import autocannon from "autocannon";

const options = JSON.parse(process.argv[2] ?? "{}");
const { url, path = "/", method = "GET", connections = 32, duration = 10, warmup = 0, signup = false } = options;
const { pathsFile = null, offset = 0, walk = false, amount = 0 } = options;

// Sign-ups need an address no one used before, on every request and across warm-up and runs.
const runTag = `${Date.now().toString(36)}${process.pid.toString(36)}`;
let sequence = 0;

// The long tail: `sent` counts the list's paths handed out (warm-up included), `followed` the
// next pages of walks. Responses carry the cursor as "nextCursor":"…"; a regex finds it for a
// fraction of JSON.parse's cost, the same for the service and the bare server.
const paths = pathsFile ? readFileSync(pathsFile, "utf8").split("\n").filter(Boolean) : null;
let sent = 0;
let followed = 0;
const nextPath = () => paths[(offset + sent++) % paths.length];
const NEXT_CURSOR = /"nextCursor":"([^"]+)"/;
// autocannon records a connection's response and then, synchronously, sets up that connection's
// next request; the context of the request that got the response is still the one its setup
// saw. So the next page found in a response is handed to the very next setup, which is its
// connection's.
let handoff = null;

let request;
if (signup) {
  request = {
    method,
    path,
    headers: { "content-type": "application/json" },
    setupRequest: (req) => ({ ...req, body: JSON.stringify({ email: `bench-${runTag}-${++sequence}@example.com` }) }),
  };
} else if (paths && walk) {
  request = {
    method,
    path: paths[0],
    setupRequest: (req, context) => {
      let next = handoff;
      handoff = null;
      if (next === null) context.walk = next = nextPath();
      else followed++;
      context.walk ??= next.slice(0, next.lastIndexOf("&cursor="));
      return { ...req, path: next };
    },
    onResponse: (status, body, context) => {
      const m = status === 200 && context.walk ? NEXT_CURSOR.exec(body) : null;
      handoff = m ? `${context.walk}&cursor=${encodeURIComponent(m[1])}` : null;
    },
  };
} else if (paths) {
  request = { method, path: paths[0], setupRequest: (req) => ({ ...req, path: nextPath() }) };
} else {
  request = { method, path };
}

function run(seconds) {
  return new Promise((resolve, reject) => {
    autocannon(
      { url, connections, pipelining: 1, ...(amount ? { amount } : { duration: seconds }), requests: [request], timeout: 10 },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
  });
}

try {
  if (warmup > 0 && !amount) await run(warmup);
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
      ...(paths ? { pathsSent: sent, ...(walk ? { pagesFollowed: followed } : {}) } : {}),
    }),
  );
} catch (err) {
  console.error(`load: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
