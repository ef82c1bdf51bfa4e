import { readFileSync } from "node:fs";
import { type OpenApiDocument, resolve, type Schema, validate } from "./schema.js";

// The committed openapi.json as the fuzz's contract: its operations, and what a response to each
// may be.

export const doc = JSON.parse(readFileSync(new URL("../../openapi.json", import.meta.url), "utf8")) as OpenApiDocument;

export type Param = { name: string; in: "path" | "query" | "header" | "cookie"; required?: boolean; schema: Schema };
export type ResponseSpec = { content?: Record<string, { schema: Schema }>; headers?: Record<string, unknown> };
export type Operation = {
  id: string;
  method: string;
  path: string;
  pattern: RegExp;
  params: Param[];
  body?: { required: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<string, ResponseSpec>;
  /** Needs the admin key (a `security` other than the document's anonymous-or-key default). */
  admin: boolean;
};

const METHODS = ["get", "head", "post", "put", "patch", "delete", "options"];

export const operations: Operation[] = Object.entries(doc.paths).flatMap(([path, item]) => {
  const shared = ((item as { parameters?: Param[] }).parameters ?? []).map((p) => resolve(doc, p));
  return Object.entries(item)
    .filter(([method]) => METHODS.includes(method))
    .map(([method, raw]) => {
      const op = raw as {
        operationId: string;
        parameters?: Param[];
        requestBody?: Operation["body"];
        responses: Record<string, ResponseSpec>;
        security?: Array<Record<string, string[]>>;
      };
      const responses = Object.fromEntries(Object.entries(op.responses).map(([status, spec]) => [status, resolve(doc, spec)]));
      return {
        id: op.operationId,
        method: method.toUpperCase(),
        path,
        pattern: templatePattern(path),
        params: [...shared, ...(op.parameters ?? []).map((p) => resolve(doc, p))],
        ...(op.requestBody ? { body: resolve(doc, op.requestBody) } : {}),
        responses,
        admin:
          (op.security ?? []).some((s) => Object.keys(s).some((name) => name !== "apiKey")) &&
          !(op.security ?? []).some((s) => Object.keys(s).length === 0),
      };
    });
});

function templatePattern(path: string): RegExp {
  const source = path
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith("{") ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}$`);
}

export type Resolution =
  | { kind: "operation"; op: Operation }
  | { kind: "method-not-allowed"; allowed: string[] }
  | { kind: "not-found" }
  | { kind: "undocumented-route" };

// GET routes the app serves outside the document: the document itself, its reference page, problem types.
const undocumented = ["/openapi.json", "/docs", "/docs/scalar.js", "/problems/{code}"].map(templatePattern);

/** Which documented operation a request reaches (fixed paths before parameterised ones), as the router decides. */
export function resolveRequest(method: string, pathname: string): Resolution {
  const effective = method === "HEAD" ? "GET" : method;
  const matching = operations.filter((op) => op.pattern.test(pathname));
  const withMethod = matching
    .filter((op) => op.method === effective)
    .sort((a, b) => a.params.filter((p) => p.in === "path").length - b.params.filter((p) => p.in === "path").length);
  if (withMethod[0]) return { kind: "operation", op: withMethod[0] };
  const isUndocumented = undocumented.some((p) => p.test(pathname));
  if (isUndocumented && effective === "GET") return { kind: "undocumented-route" };
  // A path that names a resource with a trailing slash added is not that resource: 405 only when
  // the method is not one the resource has.
  const bare = pathname.length > 1 ? pathname.replace(/\/$/, "") : pathname;
  const allowed = new Set([
    ...operations.filter((op) => op.pattern.test(bare)).map((op) => op.method),
    ...(isUndocumented || undocumented.some((p) => p.test(bare)) ? ["GET"] : []),
  ]);
  if (allowed.size > 0 && !allowed.has(effective)) return { kind: "method-not-allowed", allowed: [...allowed] };
  return { kind: "not-found" };
}

export const MAX_BODY_BYTES = 16 * 1024;
export const MAX_URL_BYTES = 8 * 1024;

/** How big the request was: the app refuses a URL (path and query) over 8 KB and a body over 16 KB before routing. */
export type Sizes = { urlBytes: number; bodyBytes: number };
export const overLimit = (sizes: Sizes) => [...(sizes.urlBytes > MAX_URL_BYTES ? [414] : []), ...(sizes.bodyBytes > MAX_BODY_BYTES ? [413] : [])];

const problemRef: Schema = { $ref: "#/components/schemas/Problem" };

export type Observed = { method?: string; status: number; headers: Headers; body: Uint8Array };

const mediaType = (headers: Headers) => (headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();

function checkProblem(observed: Observed, schema: Schema, out: string[]) {
  if (observed.method === "HEAD") return;
  let problem: unknown;
  try {
    problem = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(observed.body));
  } catch {
    out.push(`problem body is not UTF-8 JSON: ${new TextDecoder().decode(observed.body.slice(0, 200))}`);
    return;
  }
  const errors = validate(doc, schema, problem);
  if (errors.length) out.push(`problem does not match the document: ${errors.slice(0, 5).join("; ")}`);
  if ((problem as { status?: unknown }).status !== observed.status)
    out.push(`problem status ${(problem as { status?: unknown }).status} is not the HTTP status ${observed.status}`);
}

/**
 * Everything wrong with one response to a request resolved to `resolution`: a 5xx, a status the
 * document does not declare for the operation, a 4xx that is not what the document says it is
 * (problem+json matching the Problem schema, with the HTTP status in `status`).
 */
export function checkResponse(method: string, resolution: Resolution, response: Observed, sizes: Sizes = { urlBytes: 0, bodyBytes: 0 }): string[] {
  const out: string[] = [];
  const observed = { ...response, method };
  const { status, headers } = observed;
  // 501 only where the document says so (oEmbed's format=xml, as the oEmbed spec asks); no other 5xx.
  const declared501 = status === 501 && resolution.kind === "operation" && "501" in resolution.op.responses;
  if (status >= 500 && !declared501) out.push(`${status} server error: ${new TextDecoder().decode(observed.body.slice(0, 300))}`);
  if (headers.get("set-cookie") !== null) out.push("sets a cookie");
  if (headers.get("x-injected") !== null) out.push("echoed an injected header");
  if (status !== 304 && !headers.get("x-request-id")) out.push("no X-Request-Id");

  if (resolution.kind !== "operation") {
    if (method === "OPTIONS" && status === 204) return out; // a CORS preflight
    if (status >= 400 && status < 500) {
      if (mediaType(headers) !== "application/problem+json") out.push(`${status} is ${headers.get("content-type")}, not problem+json`);
      else checkProblem(observed, problemRef, out);
    }
    if (resolution.kind === "undocumented-route") return out;
    // Who is calling is settled first, on every path: a refused key is 401/403 even where nothing is.
    // ...and so are the URL and body limits, before any routing.
    const expected = [resolution.kind === "not-found" ? 404 : 405, 401, 403, 429, ...overLimit(sizes)];
    if (!expected.includes(status)) out.push(`${status} where the document has no ${method} operation (expected ${expected[0]})`);
    if (status === 405 && !headers.get("allow")) out.push("405 without Allow");
    return out;
  }

  const { op } = resolution;
  const spec = op.responses[String(status)];
  if (!spec) {
    out.push(`${status} is not a status ${op.method} ${op.path} declares (${Object.keys(op.responses).join(", ")})`);
    if (status >= 400 && status < 500 && mediaType(headers) !== "application/problem+json")
      out.push(`${status} is ${headers.get("content-type")}, not problem+json`);
    else if (status >= 400 && status < 500) checkProblem(observed, problemRef, out);
    return out;
  }
  const hasBody = method !== "HEAD" && status !== 204 && status !== 304;
  if (!spec.content || !hasBody) return out;
  const type = mediaType(headers);
  const declared = spec.content[type];
  if (!declared) {
    out.push(`${status} is ${headers.get("content-type")}; the document says ${Object.keys(spec.content).join(" or ")}`);
    return out;
  }
  if (type === "application/problem+json") checkProblem(observed, declared.schema, out);
  else if (status >= 400 && status < 500 && type !== "text/html") out.push(`${status} is ${type}, not problem+json`);
  return out;
}
