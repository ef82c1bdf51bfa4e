// One rule for every shared cache of ours (the Node response cache, the Workers edge cache):
// what a response's own headers allow to be kept, and for how long.

/**
 * How many milliseconds this answer may be kept and served to anyone: a 200 marked `public` with a
 * `max-age`, not `no-store`/`no-cache`/`private`, not compressed, varying on nothing but `Accept`.
 * Null: never. Both caches key an entry on the representation the request asked for
 * (`representationKey`), so an answer that varies on `Accept` is kept only when it is the one that
 * key names (Markdown for a Markdown request, JSON otherwise): anything else negotiated is not kept.
 */
export function sharedCacheLifetime(res: Response, markdownRequested = false): number | null {
  if (res.status !== 200) return null;
  const cacheControl = res.headers.get("Cache-Control") ?? "";
  if (!/\bpublic\b/.test(cacheControl) || /\b(no-store|no-cache|private)\b/.test(cacheControl)) return null;
  // Compressed, or varying on anything but Accept (Accept-Encoding included), it would be served to
  // clients it was not chosen for: the caches key on the URL and the representation alone.
  if (res.headers.has("Content-Encoding")) return null;
  const vary = (res.headers.get("Vary") ?? "")
    .toLowerCase()
    .split(",")
    .map((v) => v.trim())
    .filter((v) => v !== "");
  if (vary.some((v) => v !== "accept")) return null;
  if (vary.length > 0) {
    const type = res.headers.get("Content-Type") ?? "";
    if (!(markdownRequested ? type.startsWith("text/markdown") : type.startsWith("application/json"))) return null;
  }
  const maxAge = /\bmax-age=(\d+)/.exec(cacheControl);
  return maxAge ? Number(maxAge[1]) * 1000 : null;
}

/** What a cache adds to a URL's key for the representation asked for: nothing for JSON. */
export function representationKey(markdownRequested: boolean): string {
  return markdownRequested ? "\n#markdown" : "";
}

/** Which query parameters a path's route declares; null for a path no documented GET serves. */
export type DeclaredQueries = (path: string) => ReadonlySet<string> | null;

/**
 * Whether a URL (path and query) may be kept by a shared cache: only when every query parameter is
 * one its route declares. Invented parameters are answered (refused, or ignored) but never become
 * a new entry, so nobody can fill a cache by inventing URLs.
 */
export function onlyDeclaredParameters(pathAndQuery: string, declared: DeclaredQueries): boolean {
  const q = pathAndQuery.indexOf("?");
  if (q === -1) return true;
  const allowed = declared(pathAndQuery.slice(0, q));
  if (!allowed) return false;
  for (const name of new URLSearchParams(pathAndQuery.slice(q + 1)).keys()) if (!allowed.has(name)) return false;
  return true;
}
