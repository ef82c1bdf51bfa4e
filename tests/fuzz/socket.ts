import type { createServer as createHttpServer, Server } from "node:http";
import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import { serve } from "@hono/node-server";
import type { Client } from "@libsql/client";
import fc from "fast-check";
import { MemoryStore } from "hono-rate-limiter";
import { createApp } from "../../src/app.js";
import type { AppEnv } from "../../src/app-env.js";
import { createDatabase } from "../../src/db/client.js";
import { directServer } from "../../src/node/direct-server.js";
import { createResponseCache } from "../../src/node/response-cache.js";
import { FIXED_NOW, TEST_ADMIN_KEY, TEST_SECRET } from "../helpers.js";
import type { Observed } from "./contract.js";
import { operations } from "./contract.js";
import { badPercent, hostileString } from "./values.js";

// The app behind node:http as src/server.ts serves it (response cache answering GETs from the raw
// request line first), for the requests whose raw bytes fetch's Request would clean up.

export interface SocketServer {
  port: number;
  close: () => Promise<void>;
}

export async function startSocketServer(client: Client): Promise<SocketServer> {
  const db = createDatabase(client);
  const responseCache = createResponseCache({ db, versionCheckMs: 60_000 });
  await responseCache.checkVersion();
  const rateLimitStore = new MemoryStore<AppEnv>();
  const app = createApp({
    db,
    responseCache,
    rateLimitStore,
    config: {
      publicUrl: "http://api.test",
      signingSecret: TEST_SECRET,
      signupLimitPerClient: 1_000_000,
      adminApiKey: TEST_ADMIN_KEY,
      anonRateLimitPerMinute: 1_000_000_000,
    },
    clock: () => FIXED_NOW,
    clientAddress: () => "socket-client",
  });
  const limiter = { store: rateLimitStore, limit: 1_000_000_000 };
  // As src/server.ts: a GET is first offered to the response cache, with the raw URL and headers.
  const createServer = directServer(responseCache, limiter, () => "socket-client");
  const server = await new Promise<Server>((ready) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1", createServer: createServer as typeof createHttpServer }, () =>
      ready(s as Server),
    );
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((done) => {
        responseCache.stop();
        server.close(() => done());
        server.closeAllConnections?.();
      }),
  };
}

/** `halfClose`: the request is incomplete (a body shorter than announced); the client ends its side so the server sees EOF. */
export type RawCase = { label: string; method: string; target: string; bytes: Uint8Array; halfClose?: boolean };

/** A string of byte values (0–255) as those bytes: how invalid UTF-8 gets into a request line. */
const bytesOf = (s: string) => new Uint8Array(Buffer.from(s, "latin1"));
const rawBytes = fc.constantFrom(
  "\xff\xfe",
  "\xc0\xaf",
  "\xed\xa0\x80",
  "\xf4\x90\x80\x80",
  "\xe2\x82",
  "\x80",
  "caf\xe9",
  "\xef\xbb\xbf",
  "%ff%fe",
  "%c0%af",
  "\x7f",
);
const latin1 = (s: string) => [...s].map((ch) => (ch.charCodeAt(0) < 256 ? ch : "?")).join("");

const getPaths = operations.filter((op) => op.method === "GET");
const queryParams = getPaths.flatMap((op) => op.params.filter((p) => p.in === "query").map((p) => ({ path: op.path, name: p.name })));
const withPathParams = getPaths.filter((op) => op.path.includes("{"));

const fill = (path: string, value: string) => path.replace(/\{[^}]+\}/g, value);

function request(method: string, target: string, headers: string[], body = ""): string {
  return `${method} ${target} HTTP/1.1\r\nHost: api.test\r\n${headers.map((h) => `${h}\r\n`).join("")}Connection: close\r\n${body ? `Content-Length: ${Buffer.byteLength(body, "latin1")}\r\n` : ""}\r\n${body}`;
}

const make = (label: string, method: string, target: string, text: string): RawCase => ({ label, method, target, bytes: bytesOf(text) });

export const rawCases: fc.Arbitrary<RawCase> = fc.oneof(
  // Invalid UTF-8 (raw bytes and percent-encoded) in a query value and in a path segment.
  fc
    .tuple(
      fc.constantFrom(...queryParams),
      fc.array(
        fc.oneof(
          rawBytes,
          hostileString.map((s) => latin1(s).replace(/[\s#]/g, "").slice(0, 500)),
        ),
        { minLength: 1, maxLength: 3 },
      ),
    )
    .map(([{ path, name }, parts]) => {
      const target = `${fill(path, "bias-variance-tradeoff")}?${name}=${parts.join("")}`;
      return make("invalid-utf8-query", "GET", target, request("GET", target, []));
    }),
  fc.tuple(fc.constantFrom(...withPathParams), rawBytes, fc.constantFrom("", "x", "bias-variance-tradeoff")).map(([op, bad, prefix]) => {
    const target = fill(op.path, `${prefix}${bad}`);
    return make("invalid-utf8-path", "GET", target, request("GET", target, []));
  }),
  // Overlong, numerous and malformed headers.
  fc
    .constantFrom(8_000, 16_000, 17_000, 70_000)
    .map((n) => make(`header-${n}`, "GET", "/v1/categories", request("GET", "/v1/categories", [`X-Long: ${"a".repeat(n)}`]))),
  fc.constantFrom(100, 1000, 3000).map((n) =>
    make(
      `headers-x${n}`,
      "GET",
      "/v1/categories",
      request(
        "GET",
        "/v1/categories",
        Array.from({ length: n }, (_, i) => `X-H${i}: ${i}`),
      ),
    ),
  ),
  fc
    .constantFrom(100_000, 20_000, 8_000)
    .map((n) => make(`url-${n}`, "GET", `/v1/questions?q=${"a".repeat(n)}`, request("GET", `/v1/questions?q=${"a".repeat(n)}`, []))),
  fc
    .constantFrom(
      "X-Injected: 1\rX-More: 2",
      "X-A: a\nX-Injected: 1",
      "X-A: a\r\n X-Injected: 1",
      "X-A: \x00",
      "X-A: caf\xe9",
      "Bad Name: 1",
      ": empty",
      "X-A:\xff\xfe",
      "Authorization: Bearer \xff",
      `Authorization: Bearer ${TEST_ADMIN_KEY}\r\nAuthorization: Bearer x`,
      "If-None-Match: \xff",
      "Origin: \xff",
      "X-Request-Id: \xff\xfe",
      "Content-Length: 5\r\nContent-Length: 6",
      "Transfer-Encoding: chunked\r\nContent-Length: 3",
      "Transfer-Encoding: gzip, chunked",
      "Expect: 100-continue",
      "Upgrade: websocket\r\nConnection: upgrade",
    )
    .chain((header) =>
      fc
        .constantFrom("/v1/categories", "/v1/questions?q=x", "/embed/daily", "/v1/admin/keys")
        .map((target) => make(`header ${header.slice(0, 20)}`, "GET", target, request("GET", target, [header]))),
    ),
  // Request lines node:http may or may not accept.
  fc
    .constantFrom(
      ["GET", "http://evil.example/v1/categories", "GET http://evil.example/v1/categories HTTP/1.1\r\nHost: api.test\r\nConnection: close\r\n\r\n"],
      ["GET", "*", "GET * HTTP/1.1\r\nHost: api.test\r\nConnection: close\r\n\r\n"],
      ["OPTIONS", "*", "OPTIONS * HTTP/1.1\r\nHost: api.test\r\nConnection: close\r\n\r\n"],
      ["GET", "../../etc/passwd", "GET ../../etc/passwd HTTP/1.1\r\nHost: api.test\r\nConnection: close\r\n\r\n"],
      ["GET", "//v1/categories", "GET //v1/categories HTTP/1.1\r\nHost: api.test\r\nConnection: close\r\n\r\n"],
      ["GET", "/v1/../../etc/passwd", "GET /v1/../../etc/passwd HTTP/1.1\r\nHost: api.test\r\nConnection: close\r\n\r\n"],
      ["GET", "/v1/categories", "GET /v1/categories HTTP/1.1\r\nConnection: close\r\n\r\n"],
      ["GET", "/v1/categories", "GET /v1/categories HTTP/1.0\r\n\r\n"],
      ["GET", "/v1/categories", "GET /v1/categories HTTP/2.0\r\nHost: api.test\r\nConnection: close\r\n\r\n"],
      ["GET", "/v1/categories", "get /v1/categories HTTP/1.1\r\nHost: api.test\r\nConnection: close\r\n\r\n"],
      ["GET", "/v1/categories", "GET /v1/categories HTTP/1.1\r\nHost: \xff\xfe\r\nConnection: close\r\n\r\n"],
      ["GET", "/v1/categories", "GET /v1/categories HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n"],
      ["GET", "/v1/categories", "GET /v1/categories\tHTTP/1.1\r\nHost: api.test\r\nConnection: close\r\n\r\n"],
      ["GET", "/v1/questions?q=a b", "GET /v1/questions?q=a b HTTP/1.1\r\nHost: api.test\r\nConnection: close\r\n\r\n"],
      ["GET", "/v1/categories", "GET /v1/categories HTTP/1.1\nHost: api.test\nConnection: close\n\n"],
    )
    .map(([method, target, text]) => make(`line ${text.split("\r\n")[0]!.slice(0, 30)}`, method!, target!, text!)),
  // Bodies: invalid UTF-8, wrong lengths, chunked trickery.
  fc
    .tuple(
      fc.constantFrom("/v1/subscribers", "/v1/subscribers/preferences?token=x", "/v1/admin/keys", "/v1/subscribers/unsubscribe?token=x"),
      fc.constantFrom("POST", "PUT"),
      fc.constantFrom(
        '{"email":"\xff\xfe@example.com"}',
        '{"email":"caf\xe9@example.com"}',
        "\xff\xfe",
        "frequency=\xff",
        `{"email":"${"\xe9".repeat(20_000)}"}`,
        "{}",
        "",
      ),
      fc.constantFrom("application/json", "application/x-www-form-urlencoded", "text/plain; charset=latin1"),
      fc.constantFrom("", `Authorization: Bearer ${TEST_ADMIN_KEY}`),
    )
    .map(([target, method, body, type, auth]) =>
      make("body", method, target, request(method, target, [`Content-Type: ${type}`, ...(auth ? [auth] : [])], body)),
    ),
  fc
    .constantFrom(
      "POST /v1/subscribers HTTP/1.1\r\nHost: api.test\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n",
      "POST /v1/subscribers HTTP/1.1\r\nHost: api.test\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5000\r\n{}\r\n0\r\n\r\n",
      "POST /v1/subscribers HTTP/1.1\r\nHost: api.test\r\nContent-Type: application/json\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{}",
      "POST /v1/subscribers HTTP/1.1\r\nHost: api.test\r\nContent-Type: application/json\r\nContent-Length: -1\r\nConnection: close\r\n\r\n{}",
      "POST /v1/subscribers HTTP/1.1\r\nHost: api.test\r\nContent-Type: application/json\r\nContent-Length: 99999999999999999999\r\nConnection: close\r\n\r\n{}",
      `POST /v1/subscribers HTTP/1.1\r\nHost: api.test\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${`4000\r\n${"a".repeat(0x4000)}\r\n`}${`10\r\n${"b".repeat(16)}\r\n`}0\r\n\r\n`,
    )
    .map((text) => ({ ...make("chunked", "POST", "/v1/subscribers", text), halfClose: /Content-Length: 100\r|\r\n5000\r/.test(text) })),
  fc.constantFrom(...badPercent).map((bad) => make("percent", "GET", `/v1/questions/${bad}`, request("GET", `/v1/questions/${bad}`, []))),
);

export type RawAnswer = Observed & { fromNode: boolean };

/** Writes the bytes, reads the answer until the server closes (or 3 s pass). */
export function sendRaw(port: number, bytes: Uint8Array, halfClose = false): Promise<RawAnswer | null> {
  return new Promise((done) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, "127.0.0.1");
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      done(parse(Buffer.concat(chunks)));
    };
    const timer = setTimeout(finish, 3000);
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("end", finish);
    socket.on("close", finish);
    socket.on("error", finish);
    // Every request says `Connection: close`, so the server ends the exchange.
    socket.write(bytes, () => {
      if (halfClose) socket.end();
    });
  });
}

function parse(raw: Buffer): RawAnswer | null {
  // An interim answer (100 Continue) comes before the real one.
  while (/^HTTP\/1\.[01] 1\d\d /.test(raw.subarray(0, 13).toString("latin1")) && raw.indexOf("\r\n\r\n") >= 0)
    raw = raw.subarray(raw.indexOf("\r\n\r\n") + 4);
  const split = raw.indexOf("\r\n\r\n");
  if (split < 0) return null;
  const [statusLine, ...lines] = raw.subarray(0, split).toString("latin1").split("\r\n");
  const status = Number(statusLine!.split(" ")[1]);
  if (!Number.isInteger(status)) return null;
  const headers = new Headers();
  for (const line of lines) {
    const colon = line.indexOf(":");
    try {
      headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
    } catch {
      /* a header fetch cannot hold */
    }
  }
  let body = raw.subarray(split + 4);
  if (headers.get("transfer-encoding")?.includes("chunked")) {
    const parts: Buffer[] = [];
    let rest = body;
    for (;;) {
      const eol = rest.indexOf("\r\n");
      if (eol < 0) break;
      const size = Number.parseInt(rest.subarray(0, eol).toString("latin1"), 16);
      if (!size) break;
      parts.push(rest.subarray(eol + 2, eol + 2 + size));
      rest = rest.subarray(eol + 2 + size + 2);
    }
    body = Buffer.concat(parts);
  }
  return { status, headers, body: new Uint8Array(body), fromNode: !headers.has("x-request-id") && !headers.has("content-type") };
}
