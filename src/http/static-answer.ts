import type { Context } from "hono";
import type { AppEnv } from "../app-env.js";

// Large answers that never change while the process runs (Scalar's script, the OpenAPI document):
// their bytes, compressed variants and entity tags are made once, on first use, then every request
// only picks one by Accept-Encoding. Hashing or serializing them per request is what made them cheap
// to abuse.

export type ContentCoding = "br" | "gzip";

/** Compresses bytes for one content coding; each runtime brings its own (node:zlib on Node). */
export type Compress = (coding: ContentCoding, bytes: Uint8Array) => Promise<Uint8Array>;

export interface StaticAnswerOptions {
  contentType: string;
  cacheControl: string;
  build: () => Promise<Uint8Array>;
  /** Absent: only the identity coding is served (on Workers, Cloudflare compresses at the edge). */
  compress?: Compress | undefined;
}

interface Variant {
  body: Uint8Array<ArrayBuffer>;
  etag: string;
}

interface Built {
  identity: Variant;
  encoded: Partial<Record<ContentCoding, Variant>>;
}

const hex = (bytes: ArrayBuffer) => Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");

/** The codings a client accepts, best first among those we have (br before gzip); q=0 refuses one. */
export function chooseCoding(acceptEncoding: string | undefined, available: ContentCoding[]): ContentCoding | null {
  if (!acceptEncoding) return null;
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.slice(0, 1024).split(",")) {
    const [name = "", ...params] = part.trim().toLowerCase().split(";");
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    weights.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  const weight = (coding: string) => weights.get(coding) ?? weights.get("*") ?? 0;
  let best: ContentCoding | null = null;
  for (const coding of available) if (weight(coding) > 0 && (best === null || weight(coding) > weight(best))) best = coding;
  return best;
}

export function staticAnswer(options: StaticAnswerOptions) {
  let built: Promise<Built> | undefined;
  const build = async (): Promise<Built> => {
    const body = new Uint8Array(await options.build());
    const tag = hex(await crypto.subtle.digest("SHA-256", body)).slice(0, 32);
    const encoded: Built["encoded"] = {};
    if (options.compress) {
      for (const coding of ["br", "gzip"] as const) {
        encoded[coding] = { body: new Uint8Array(await options.compress(coding, body)), etag: `"${tag}-${coding}"` };
      }
    }
    return { identity: { body, etag: `"${tag}"` }, encoded };
  };

  return async (c: Context<AppEnv>) => {
    built ??= build().catch((err) => {
      built = undefined; // a failed build is tried again by the next request
      throw err;
    });
    const { identity, encoded } = await built;
    const available = Object.keys(encoded) as ContentCoding[];
    const coding = chooseCoding(c.req.header("Accept-Encoding"), available);
    const variant = (coding && encoded[coding]) || identity;
    c.header("Content-Type", options.contentType);
    c.header("Cache-Control", options.cacheControl);
    c.header("ETag", variant.etag);
    if (available.length > 0) c.header("Vary", "Accept-Encoding");
    if (coding) c.header("Content-Encoding", coding);
    // The entity-tag middleware answers If-None-Match with 304 from the ETag set here.
    return c.body(variant.body, 200);
  };
}
