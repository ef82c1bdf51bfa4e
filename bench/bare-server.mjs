// The limit of this machine: a bare node:http server that answers each path with the exact status,
// headers and body the service answered for it, captured beforehand. It does no work per request,
// so service req/s ÷ bare req/s is the share of the machine's HTTP capacity the service keeps.
// node bench/bare-server.mjs responses.json  → prints {"port": N} once listening on 127.0.0.1.
// A response captured under "*" answers every other path: the long tail's typical answer.
import { readFileSync } from "node:fs";
import http from "node:http";

const captured = JSON.parse(readFileSync(process.argv[2], "utf8"));
const responses = new Map(
  Object.entries(captured).map(([url, r]) => [url, { status: r.status, headers: r.headers.flat(), body: Buffer.from(r.body, "base64") }]),
);

const fallback = responses.get("*");

// Keep-alive with Node's defaults, as @hono/node-server runs it.
const server = http.createServer((req, res) => {
  const r = responses.get(req.url) ?? fallback;
  if (!r) {
    res.writeHead(404, { "content-length": "0" });
    res.end();
    return;
  }
  res.writeHead(r.status, r.headers);
  res.end(r.body);
});
server.listen(0, "127.0.0.1", () => console.log(JSON.stringify({ port: server.address().port })));
