import { CONTENT_CACHE_CONTROL, type createRouter } from "../http/router.js";
import { type OpenApiDocument, renderLlmsFullTxt, renderLlmsTxt } from "./render.js";

const TEXT = "text/plain; charset=utf-8";

/** GET /llms.txt and /llms-full.txt, rendered once per process from the document the service serves. */
export function registerLlmsRoutes(app: ReturnType<typeof createRouter>, document: () => OpenApiDocument, publicUrl: string) {
  let rendered: { index: string; full: string } | undefined;
  const texts = () => {
    if (!rendered) {
      const doc = document();
      rendered = { index: renderLlmsTxt(doc, publicUrl), full: renderLlmsFullTxt(doc, publicUrl) };
    }
    return rendered;
  };
  app.get("/llms.txt", (c) => {
    c.header("Cache-Control", CONTENT_CACHE_CONTROL);
    c.header("Content-Type", TEXT);
    return c.body(texts().index);
  });
  app.get("/llms-full.txt", (c) => {
    c.header("Cache-Control", CONTENT_CACHE_CONTROL);
    c.header("Content-Type", TEXT);
    return c.body(texts().full);
  });
}
