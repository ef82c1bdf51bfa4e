// Content negotiation for the reads that also speak Markdown (one question, for agents): the one
// rule the route and both shared caches (Node's response cache, the Workers edge cache) apply, so
// a cached JSON answer is never served to a client that asked for Markdown, or the other way round.

export const MARKDOWN_CONTENT_TYPE = "text/markdown; charset=utf-8";

/** The q-value an Accept header gives a media type, counting only the exact type or `*\/*`. */
function quality(accept: string, type: string): number {
  let exact: number | undefined;
  let any: number | undefined;
  for (const range of accept.split(",")) {
    const [name = "", ...params] = range.split(";").map((part) => part.trim().toLowerCase());
    const qParam = params.find((p) => p.startsWith("q="));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    const value = Number.isFinite(q) ? q : 0;
    if (name === type) exact = Math.max(exact ?? 0, value);
    else if (name === "*/*") any = Math.max(any ?? 0, value);
  }
  return exact ?? any ?? 0;
}

/**
 * Whether a client asked for Markdown rather than JSON: `text/markdown` named with a q-value above
 * zero and at least that of JSON. A browser's `text/html,…,*\/*;q=0.8` and no Accept at all get JSON.
 */
export function prefersMarkdown(accept: string | null | undefined): boolean {
  if (!accept?.toLowerCase().includes("text/markdown")) return false;
  const markdown = quality(accept, "text/markdown");
  return markdown > 0 && markdown >= quality(accept, "application/json");
}
