import type { MiddlewareHandler } from "hono";

// ETags and 304s for reads (what hono/etag does, same tags), except that an answer marked
// `no-store` gets none: nothing may keep it, so there is nothing to revalidate, and hashing a
// body nobody will ever send back is pure cost (random decks are the hot case).

const hex = (bytes: ArrayBuffer) => Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");

function matches(etag: string, ifNoneMatch: string): boolean {
  if (ifNoneMatch.trim() === "*") return true;
  const expected = etag.replace(/^W\//, "");
  return ifNoneMatch.match(/"[^"]*"/g)?.some((tag) => tag === expected) ?? false;
}

export function entityTags(retainedOn304: string[]): MiddlewareHandler {
  const retained = new Set(retainedOn304.map((h) => h.toLowerCase()));
  return async function entityTags(c, next) {
    await next();
    const method = c.req.method;
    if ((method !== "GET" && method !== "HEAD") || !c.res.ok) return;
    const res = c.res;
    if (/\bno-store\b/.test(res.headers.get("Cache-Control") ?? "")) return;
    const etag = res.headers.get("ETag") ?? `"${hex(await crypto.subtle.digest("SHA-1", await res.clone().arrayBuffer()))}"`;
    const ifNoneMatch = c.req.header("If-None-Match");
    if (ifNoneMatch && matches(etag, ifNoneMatch)) {
      const headers = new Headers({ ETag: etag });
      for (const [name, value] of res.headers) if (retained.has(name)) headers.set(name, value);
      c.res = undefined;
      c.res = new Response(null, { status: 304, headers });
    } else {
      res.headers.set("ETag", etag);
    }
  };
}
