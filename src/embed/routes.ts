import type { MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "../app-env.js";
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

/**
 * secureHeaders, except that /embed/ pages may be framed: they say who may frame them in their own
 * CSP. Strict-Transport-Security only when PUBLIC_URL is https: a deployment served over plain
 * HTTP (a local server) has no TLS to pin, and browsers ignore the header there anyway.
 */
export function secureHeadersExceptEmbeds(options: NonNullable<Parameters<typeof secureHeaders>[0]>): MiddlewareHandler<AppEnv> {
  const plain = { ...options, strictTransportSecurity: false };
  const variants = {
    strict: { https: secureHeaders(options), http: secureHeaders(plain) },
    framable: { https: secureHeaders({ ...options, xFrameOptions: false }), http: secureHeaders({ ...plain, xFrameOptions: false }) },
  };
  return (c, next) => {
    const scheme = c.get("services").publicUrl.startsWith("https:") ? "https" : "http";
    return variants[c.req.path.startsWith("/embed/") ? "framable" : "strict"][scheme](c, next);
  };
}
