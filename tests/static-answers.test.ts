import { readFile } from "node:fs/promises";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import type { Client } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { createDatabase } from "../src/db/client.js";
import { chooseCoding } from "../src/http/static-answer.js";
import { nodeCompress } from "../src/node/compress.js";
import { createResponseCache, type ResponseCache } from "../src/node/response-cache.js";
import { createTestDatabase, TEST_SECRET } from "./helpers.js";
import { ROOT } from "./process.js";

// The large answers that never change while the process runs: Scalar's script (4.35 MB) and the
// OpenAPI document. Made once (bytes, br and gzip, entity tags), then picked by Accept-Encoding.

let client: Client;
let cache: ResponseCache;
let app: ReturnType<typeof createApp>;
let scriptBytes: Buffer;
let scriptReads = 0;

beforeAll(async () => {
  client = await createTestDatabase({ seed: false });
  scriptBytes = await readFile(`${ROOT}/node_modules/@scalar/api-reference/dist/browser/standalone.js`);
  cache = createResponseCache({ db: createDatabase(client), versionCheckMs: 60_000 });
  await cache.checkVersion();
  app = createApp({
    db: createDatabase(client),
    config: { publicUrl: "http://api.test", signingSecret: TEST_SECRET, anonRateLimitPerMinute: 1_000_000 },
    docsScript: async () => {
      scriptReads++;
      return new Uint8Array(scriptBytes);
    },
    compress: nodeCompress,
    responseCache: cache,
  });
});
afterAll(() => cache.stop());

const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers });
const bytesOf = async (res: Response) => Buffer.from(await res.arrayBuffer());
const decoded = (res: Response, body: Buffer) =>
  res.headers.get("content-encoding") === "br"
    ? brotliDecompressSync(body)
    : res.headers.get("content-encoding") === "gzip"
      ? gunzipSync(body)
      : body;

describe.each([
  ["/docs/scalar.js", "text/javascript; charset=utf-8", "public, max-age=86400"],
  ["/openapi.json", "application/json", "public, max-age=3600"],
])("GET %s", (path, contentType, cacheControl) => {
  it.each([
    ["br, gzip", "br"],
    ["gzip, deflate", "gzip"],
    ["gzip;q=1, br;q=0.5", "gzip"],
    ["*", "br"],
    ["br;q=0, gzip;q=0", null],
    ["identity", null],
    [undefined, null],
  ])("sends Accept-Encoding %s as %s, the same bytes once decoded, cacheable by anyone", async (accept, coding) => {
    const identity = await bytesOf(await get(path));
    const res = await get(path, accept === undefined ? {} : { "Accept-Encoding": accept });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-encoding")).toBe(coding);
    expect(res.headers.get("vary")).toBe("Accept-Encoding");
    expect(res.headers.get("content-type")).toBe(contentType);
    expect(res.headers.get("cache-control")).toBe(cacheControl);
    const body = await bytesOf(res);
    if (coding) expect(body.byteLength).toBeLessThan(identity.byteLength / 2);
    expect(decoded(res, body).equals(identity)).toBe(true);
  });

  it("keeps one ETag per encoding across requests and answers If-None-Match with 304", async () => {
    const tags = new Set<string | null>();
    for (let i = 0; i < 5; i++) tags.add((await get(path, { "Accept-Encoding": "br" })).headers.get("etag"));
    expect(tags.size).toBe(1);
    const [brTag] = [...tags];
    const gzipTag = (await get(path, { "Accept-Encoding": "gzip" })).headers.get("etag");
    const plainTag = (await get(path)).headers.get("etag");
    expect(new Set([brTag, gzipTag, plainTag]).size).toBe(3);
    const notModified = await get(path, { "Accept-Encoding": "br", "If-None-Match": brTag as string });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get("etag")).toBe(brTag);
    expect(await notModified.text()).toBe("");
    expect((await get(path, { "If-None-Match": brTag as string })).status).toBe(200); // another representation
  });
});

describe("the static answers", () => {
  it("are built once: the script is read once however many requests come", async () => {
    await Promise.all(Array.from({ length: 10 }, () => get("/docs/scalar.js", { "Accept-Encoding": "gzip" })));
    for (let i = 0; i < 10; i++) await get("/docs/scalar.js");
    expect(scriptReads).toBe(1);
  });

  it("are never kept by the response cache, so no client gets an encoding it did not ask for", async () => {
    await get("/openapi.json", { "Accept-Encoding": "br" });
    await get("/openapi.json", { "Accept-Encoding": "br" });
    const plain = await get("/openapi.json");
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect(JSON.parse(await plain.text()).openapi).toBe("3.1.0");
    expect(cache.size).toBe(0);
  });

  it("read Accept-Encoding as RFC 9110 says: q-values, q=0 refuses, * stands for the rest", () => {
    expect(chooseCoding("gzip, br", ["br", "gzip"])).toBe("br");
    expect(chooseCoding("br;q=0.1, gzip;q=0.9", ["br", "gzip"])).toBe("gzip");
    expect(chooseCoding("*;q=0.5, br;q=0", ["br", "gzip"])).toBe("gzip");
    expect(chooseCoding("deflate", ["br", "gzip"])).toBeNull();
    expect(chooseCoding("br", [])).toBeNull();
  });
});
