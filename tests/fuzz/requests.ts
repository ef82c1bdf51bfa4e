import fc from "fast-check";
import { TEST_ADMIN_KEY } from "../helpers.js";
import { doc, MAX_BODY_BYTES, type Operation, type Param } from "./contract.js";
import { bodyValue, resolve, type Schema } from "./schema.js";
import { badPercent, hostileString, nest, traversal } from "./values.js";

// A request for one documented operation, derived from its parameters and request body.

/** Valid link tokens, filled in before the fuzz runs, so some requests get past the token checks. */
export const knownTokens: string[] = [];

export type Auth = "none" | "garbage" | "unknown-key" | "root";
export type Encoding = "encoded" | "raw";

export interface GeneratedRequest {
  method: string;
  pathValues: Array<{ value: string; encoding: Encoding }>;
  query: Array<{ name: string; value: string; encoding: Encoding }>;
  auth: { kind: Auth; header?: string };
  headers: Array<[string, string]>;
  body?: { kind: string; contentType?: string; bytes: Uint8Array | string };
}

function encode(value: string, encoding: Encoding): string {
  if (encoding === "raw") return value;
  try {
    return encodeURIComponent(value);
  } catch {
    return value; // a lone surrogate: sent as it is, the URL parser makes U+FFFD of it
  }
}

/** Values the parameter's schema accepts (so requests also get past validation), and hostile ones. */
function paramValue(param: Param): fc.Arbitrary<string> {
  const schema = resolve(doc, param.schema) as Schema;
  const valid: fc.Arbitrary<string>[] = [];
  if (schema.enum) valid.push(fc.constantFrom(...schema.enum.map(String)));
  if (schema.example !== undefined) valid.push(fc.constant(String(schema.example)));
  if (schema.default !== undefined) valid.push(fc.constant(String(schema.default)));
  if (schema.type === "integer") {
    const min = schema.minimum ?? -5;
    const max = schema.maximum ?? 1000;
    valid.push(fc.integer({ min, max }).map(String), fc.constantFrom(min - 1, max + 1, 0, -1, 2 ** 31, 2 ** 53 + 1).map(String));
  }
  if (schema.pattern === "^\\d{4}-\\d{2}-\\d{2}$") {
    valid.push(fc.date({ min: new Date("0001-01-01"), max: new Date("9999-12-31"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)));
    valid.push(fc.constantFrom("2026-02-30", "2026-13-01", "0000-00-00", "2026-11-25T00:00:00Z", "9999-99-99", "1970-01-01", "2026-11-25"));
  }
  if (schema.pattern?.includes("\\d{1,9}"))
    valid.push(fc.array(fc.integer({ min: 0, max: 999_999_999 }), { minLength: 1, maxLength: 400 }).map((ids) => ids.join(",")));
  if (schema.pattern?.startsWith("^key_")) valid.push(fc.stringMatching(/^key_[0-9A-Za-z]{12}$/));
  if (param.name === "url") {
    valid.push(
      fc.constantFrom(
        "http://api.test/embed/questions/bias-variance-tradeoff",
        "http://api.test/v1/questions/1001",
        "http://api.test/embed/daily?category=coding&theme=dark",
        "http://api.test/embed/questions/bias-variance-tradeoff?theme=light",
      ),
    );
    valid.push(
      fc
        .constantFrom("/embed/questions/", "/v1/questions/", "/embed/daily?", "/embed/questions/../../", "/v1/questions/random?")
        .chain((prefix) =>
          fc
            .tuple(
              fc.constantFrom("http://localhost:8787", "http://api.test", "https://evil.example", "javascript:", "file://", "//api.test", ""),
              hostileString,
            )
            .map(([origin, v]) => `${origin}${prefix}${v}`),
        ),
    );
  }
  if (param.name === "token") valid.push(fc.nat().map((i) => knownTokens[i % Math.max(1, knownTokens.length)] ?? "x"));
  valid.push(fc.constantFrom("deep-learning", "google", "transformers", "bias-variance-tradeoff", "1001", "medium", "regularization"));
  return fc.oneof({ arbitrary: fc.oneof(...valid), weight: 2 }, { arbitrary: hostileString, weight: 3 });
}

const encoding = fc.constantFrom<Encoding>("encoded", "encoded", "raw");

const unknownName = fc.oneof(
  fc.constantFrom(
    "__proto__",
    "constructor",
    "toString",
    "hasOwnProperty",
    "valueOf",
    "q[]",
    "limit[0]",
    "a.b",
    "",
    "%00",
    "%ff",
    "x",
    "callback",
    "_method",
    "format",
  ),
  hostileString.map((s) => s.slice(0, 200)),
);

export const authHeader: fc.Arbitrary<GeneratedRequest["auth"]> = fc.oneof(
  { arbitrary: fc.constant({ kind: "none" as const }), weight: 10 },
  {
    arbitrary: fc
      .oneof(
        fc.constantFrom(
          "",
          "Bearer",
          "Bearer ",
          "bearer",
          "Basic YWRtaW46YWRtaW4=",
          "Token abc",
          `Basic ${TEST_ADMIN_KEY}`,
          TEST_ADMIN_KEY,
          `Bearer ${TEST_ADMIN_KEY}x`,
          `Bearer ${TEST_ADMIN_KEY.slice(0, -1)}`,
          `Bearer ${TEST_ADMIN_KEY} ${TEST_ADMIN_KEY}`,
          `Bearer\t${TEST_ADMIN_KEY}`,
          "Bearer null",
          "Bearer undefined",
          "Bearer pk_",
          "Bearer sk_",
        ),
        hostileString.map((s) => `Bearer ${s}`),
        hostileString,
      )
      .map((header) => ({ kind: "garbage" as const, header })),
    weight: 2,
  },
  {
    arbitrary: fc
      .tuple(fc.constantFrom("pk_", "sk_"), fc.stringMatching(/^[0-9A-Za-z]{32}$/))
      .map(([p, k]) => ({ kind: "unknown-key" as const, header: `Bearer ${p}${k}` })),
    weight: 1,
  },
  {
    arbitrary: fc
      .constantFrom(`Bearer ${TEST_ADMIN_KEY}`, `bearer ${TEST_ADMIN_KEY}`, `BEARER   ${TEST_ADMIN_KEY}  `)
      .map((header) => ({ kind: "root" as const, header })),
    weight: 2,
  },
);

const hostileHeaderValue = fc.oneof(
  hostileString.map((s) => s.slice(0, 20_000)),
  fc.constantFrom("a\r\nX-Injected: 1", "a\nX-Injected: 1", "a\rX-Injected: 1", "\u0000", "x".repeat(70_000)),
);

const extraHeaders: fc.Arbitrary<Array<[string, string]>> = fc.array(
  fc.oneof(
    fc.tuple(
      fc.constant("Origin"),
      fc.oneof(
        fc.constantFrom("https://widget.example", "null", "http://api.test", "http://api.test:80", "https://evil.example", "file://"),
        hostileHeaderValue,
      ),
    ),
    fc.tuple(fc.constant("If-None-Match"), fc.constant("*")),
    fc.tuple(
      fc.constant("If-None-Match"),
      fc.oneof(fc.constantFrom("*", '"abc"', 'W/"abc"', '"', "W/", '"a", W/"b", *', '""', 'W/""', `"${"x".repeat(5000)}"`), hostileHeaderValue),
    ),
    fc.tuple(fc.constant("If-Modified-Since"), fc.oneof(fc.constantFrom("Wed, 21 Oct 2015 07:28:00 GMT", "0", "garbage"), hostileHeaderValue)),
    fc.tuple(
      fc.constant("Accept"),
      fc.oneof(
        fc.constantFrom(
          "application/json",
          "text/html",
          "*/*",
          "application/xml",
          "text/markdown",
          "application/problem+json",
          "text/html;q=0, application/json;q=1",
          ";;;",
          "*/*;q=nan",
        ),
        hostileHeaderValue,
      ),
    ),
    fc.tuple(fc.constant("Accept-Encoding"), fc.constantFrom("gzip", "br", "identity;q=0", "*", "x".repeat(3000))),
    fc.tuple(
      fc.constant("X-Request-Id"),
      fc.oneof(fc.constantFrom("client-req-42", "a".repeat(128), "a".repeat(129), "../../x", "a b", "é"), hostileHeaderValue),
    ),
    fc.tuple(
      fc.constantFrom(
        "X-Forwarded-For",
        "CF-Connecting-IP",
        "X-Forwarded-Host",
        "Forwarded",
        "Host",
        "X-HTTP-Method-Override",
        "Cookie",
        "Range",
        "Content-Language",
        "X-Test-Client",
      ),
      hostileHeaderValue,
    ),
    fc.tuple(fc.constantFrom("X-Bad Name", "X-Bad:Name", "", "X\u00e9", "X\r\nInjected"), fc.constant("1")),
  ),
  { maxLength: 4 },
);

const contentTypes = [
  "application/json",
  "application/json; charset=utf-8",
  "application/json; charset=latin1",
  "APPLICATION/JSON",
  "application/problem+json",
  "application/vnd.api+json",
  "text/plain",
  "text/json",
  "application/x-www-form-urlencoded",
  "application/x-www-form-urlencoded; charset=utf-8",
  "multipart/form-data; boundary=fuzz",
  "multipart/form-data",
  "multipart/form-data; boundary=",
  "application/octet-stream",
  "",
  ";",
  'application/json; boundary=x; charset="',
  "*/*",
  "application/json\u00ff",
];

const invalidJson = [
  "",
  " ",
  "{",
  "}",
  "[",
  '{"email":',
  '{"email": "a@b.c",}',
  "{'email': 'a@b.c'}",
  '{email: "a@b.c"}',
  "NaN",
  "undefined",
  "\ufeff{}",
  "{}{}",
  "[1,]",
  '{"a":1e99999}',
  '"\\ud800"',
  '{"email":"\\u0000@example.com"}',
  "nul",
  "tru",
  "01",
  '{"__proto__":{"admin":true}}',
  '{"constructor":{"prototype":{"x":1}}}',
  "List-Unsubscribe=One-Click",
  "frequency=daily&categories=a&categories=b",
  '--fuzz\r\nContent-Disposition: form-data; name="frequency"\r\n\r\ndaily\r\n--fuzz--\r\n',
];

const utf8 = (s: string) => new TextEncoder().encode(s);
const concat = (...parts: Array<Uint8Array | string>) => {
  const chunks = parts.map((p) => (typeof p === "string" ? utf8(p) : p));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
};
const invalidUtf8Bytes = fc.constantFrom(
  Uint8Array.of(0xff, 0xfe),
  Uint8Array.of(0xc0, 0xaf),
  Uint8Array.of(0xed, 0xa0, 0x80),
  Uint8Array.of(0xf4, 0x90, 0x80, 0x80),
  Uint8Array.of(0xe2, 0x82),
  Uint8Array.of(0x80),
  Uint8Array.of(0x00),
);

function formBody(value: unknown): string {
  const params = new URLSearchParams();
  if (value && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (Array.isArray(v)) for (const item of v) params.append(k, typeof item === "string" ? item : JSON.stringify(item));
      else params.append(k, typeof v === "string" ? v : JSON.stringify(v));
    }
  } else params.append("x", JSON.stringify(value));
  try {
    return params.toString();
  } catch {
    return "x=%ff";
  }
}

function bodies(op: Operation): fc.Arbitrary<GeneratedRequest["body"]> {
  const [declaredType, declared] = Object.entries(op.body?.content ?? {})[0] ?? ["application/json", undefined];
  const value = declared ? bodyValue(doc, declared.schema) : fc.jsonValue({ maxDepth: 3 });
  const natural = declaredType.includes("form") ? (v: unknown) => formBody(v) : (v: unknown) => JSON.stringify(v) ?? "null";
  const kinds: Array<fc.Arbitrary<Omit<NonNullable<GeneratedRequest["body"]>, "contentType">>> = [
    value.map((v) => ({ kind: "derived", bytes: natural(v) })),
    value.map((v) => ({ kind: "derived-json", bytes: JSON.stringify(v) ?? "null" })),
    value.map((v) => ({ kind: "derived-form", bytes: formBody(v) })),
    fc.constantFrom(...invalidJson).map((bytes) => ({ kind: "invalid", bytes })),
    // Deep nesting: up to 8,000 levels of arrays fit under the body limit (16,000 bytes); 10,000 do not.
    fc
      .tuple(
        fc.oneof(fc.integer({ min: 100, max: 8000 }), fc.constant(10_000)),
        fc.constantFrom("[", '{"a":', '{"email":', '{"preferences":{"categories":'),
      )
      .map(([depth, open]) => {
        const close = open === "[" ? "]" : "}";
        const levels = open === "[" ? depth : Math.floor(depth / open.length);
        return { kind: "deep", bytes: open.repeat(levels) + (open === "[" ? "" : "1") + close.repeat(levels) };
      }),
    fc
      .integer({ min: 2, max: 50 })
      .map((depth) => ({ kind: "deep-value", bytes: JSON.stringify({ email: "fuzz@example.com", preferences: nest(depth) }) })),
    // Over (or exactly at) the 16 KB limit.
    fc
      .constantFrom(MAX_BODY_BYTES - 1, MAX_BODY_BYTES, MAX_BODY_BYTES + 1, 100_000, 1_000_000)
      .map((size) => ({ kind: `size-${size}`, bytes: `{"email":"${"a".repeat(Math.max(0, size - 14))}"}` })),
    fc
      .tuple(invalidUtf8Bytes, fc.constantFrom("email", "frequency", "name", "kind"))
      .map(([bad, field]) => ({ kind: "invalid-utf8", bytes: concat(`{"${field}":"`, bad, `@example.com"}`) })),
    invalidUtf8Bytes.map((bad) => ({ kind: "invalid-utf8-raw", bytes: concat(bad, "frequency=", bad) })),
    fc.uint8Array({ maxLength: 64 }).map((bytes) => ({ kind: "binary", bytes })),
    fc.constant({ kind: "empty", bytes: "" }),
  ];
  return fc
    .tuple(
      fc.oneof(...kinds),
      fc.oneof(
        { arbitrary: fc.constant(declaredType), weight: 4 },
        { arbitrary: fc.constantFrom(...contentTypes), weight: 2 },
        { arbitrary: fc.constant(undefined), weight: 1 },
      ),
    )
    .map(([body, contentType]) => ({ ...body, ...(contentType !== undefined ? { contentType } : {}) }));
}

export function requestFor(op: Operation): fc.Arbitrary<GeneratedRequest> {
  const pathParams = op.params.filter((p) => p.in === "path");
  const queryParams = op.params.filter((p) => p.in === "query");
  const pathValues = fc.tuple(
    ...pathParams.map((p) =>
      fc.oneof(
        { arbitrary: fc.record({ value: paramValue(p), encoding }), weight: 6 },
        {
          arbitrary: fc.record({
            value: fc.constantFrom(...traversal, ...badPercent, "random", "daily", ""),
            encoding: fc.constant<Encoding>("raw"),
          }),
          weight: 2,
        },
      ),
    ),
  );
  const entry = fc
    .integer({ min: 0, max: Math.max(0, queryParams.length - 1) })
    .chain((i) => fc.record({ name: fc.constant(queryParams[i]!.name), value: paramValue(queryParams[i]!), encoding }));
  // Either one parameter alone (so its hostile value reaches the handler past the others' validation) or several, repeated.
  const declared = queryParams.length
    ? fc.oneof(
        entry.map((e) => [e]),
        fc.array(entry, { maxLength: 6 }),
      )
    : fc.constant([]);
  const unknown = fc.array(fc.record({ name: unknownName, value: hostileString, encoding }), { maxLength: 2 });
  const query = fc
    .tuple(declared, fc.oneof({ arbitrary: fc.constant([]), weight: 3 }, { arbitrary: unknown, weight: 1 }))
    .map(([a, b]) => [...a, ...b]);
  const canHaveBody = op.method !== "GET" && op.method !== "HEAD";
  const body = canHaveBody
    ? fc.oneof({ arbitrary: bodies(op), weight: op.body ? 9 : 2 }, { arbitrary: fc.constant(undefined), weight: 1 })
    : fc.constant(undefined);
  const method = op.method === "GET" ? fc.constantFrom("GET", "GET", "GET", "HEAD") : fc.constant(op.method);
  const auth = op.admin
    ? fc.oneof(
        { arbitrary: authHeader, weight: 1 },
        { arbitrary: fc.constant({ kind: "root" as const, header: `Bearer ${TEST_ADMIN_KEY}` }), weight: 1 },
      )
    : authHeader;
  return fc.record({ method, pathValues, query, auth, headers: extraHeaders, body });
}

/** The URL and RequestInit of a generated request; `dropped` counts what the Request API refused to carry. */
export function toFetch(op: Operation, generated: GeneratedRequest): { url: string; init: RequestInit; dropped: number } {
  let i = 0;
  let path = op.path.replace(/\{[^}]+\}/g, () => encode(generated.pathValues[i]!.value, generated.pathValues[i++]!.encoding));
  const search = generated.query.map((q) => `${encode(q.name, q.encoding)}=${encode(q.value, q.encoding)}`).join("&");
  let url = `http://api.test${path}${search ? `?${search}` : ""}`;
  try {
    new URL(url);
  } catch {
    // A raw value the URL parser refuses (a raw "//host"?): send it encoded instead.
    i = 0;
    path = op.path.replace(/\{[^}]+\}/g, () => encode(generated.pathValues[i++]!.value, "encoded"));
    url = `http://api.test${path}${search ? `?${search}` : ""}`;
  }
  const headers = new Headers();
  let dropped = 0;
  const add = (name: string, value: string) => {
    try {
      headers.append(name, value);
    } catch {
      try {
        // Non-Latin-1 text goes on the wire as its UTF-8 bytes, as a raw client would send it.
        headers.append(name, Buffer.from(value, "utf8").toString("latin1"));
      } catch {
        dropped++; // CR/LF, NUL or a bad name: fetch's Headers refuses it before it is sent
      }
    }
  };
  if (generated.auth.header !== undefined) add("Authorization", generated.auth.header);
  for (const [name, value] of generated.headers) add(name, value);
  if (generated.body?.contentType !== undefined) add("Content-Type", generated.body.contentType);
  const init: RequestInit = { method: generated.method, headers };
  if (generated.body) init.body = generated.body.bytes as BodyInit;
  return { url, init, dropped };
}
