import type { MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";
import type { createRouter } from "../http/router.js";
import { registerOembedRoute } from "./oembed.js";
import { registerEmbedPages } from "./pages.js";
import { registerWidgetRoute } from "./widget.js";

/** The widget script, the embed pages and their oEmbed endpoint. */
export function registerEmbedRoutes(app: ReturnType<typeof createRouter>) {
  registerWidgetRoute(app);
  registerEmbedPages(app);
  registerOembedRoute(app);
}

/** secureHeaders, except that /embed/ pages may be framed: they say who may frame them in their own CSP. */
export function secureHeadersExceptEmbeds(options: NonNullable<Parameters<typeof secureHeaders>[0]>): MiddlewareHandler {
  const strict = secureHeaders(options);
  const framable = secureHeaders({ ...options, xFrameOptions: false });
  return (c, next) => (c.req.path.startsWith("/embed/") ? framable : strict)(c, next);
}
