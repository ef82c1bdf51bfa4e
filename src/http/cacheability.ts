// One rule for every shared cache of ours (the Node response cache, the Workers edge cache):
// what a response's own headers allow to be kept, and for how long.

/**
 * How many milliseconds this answer may be kept and served to anyone: a 200 marked `public` with a
 * `max-age`, not `no-store`/`no-cache`/`private`, varying on nothing and not compressed. Null: never.
 */
export function sharedCacheLifetime(res: Response): number | null {
  if (res.status !== 200) return null;
  const cacheControl = res.headers.get("Cache-Control") ?? "";
  if (!/\bpublic\b/.test(cacheControl) || /\b(no-store|no-cache|private)\b/.test(cacheControl)) return null;
  // An answer that varies (on Accept, on Accept-Encoding) or is compressed would be served to
  // clients it was not chosen for: the caches key on the URL alone.
  if (res.headers.has("Vary") || res.headers.has("Content-Encoding")) return null;
  const maxAge = /\bmax-age=(\d+)/.exec(cacheControl);
  return maxAge ? Number(maxAge[1]) * 1000 : null;
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
