import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env.js";
import { ApiError } from "./problem.js";

/**
 * The longest path and query a request may have. Every URL the API issues (cursors, decks, an
 * exclude list at its maximum) fits well inside it; a longer one is refused with 414 before any
 * parsing or database work. On Node, a request line and headers over 16 KB in all never reach the
 * app: node:http answers them 431 (without a body) and closes the connection.
 */
export const MAX_URL_BYTES = 8 * 1024;

export function urlLimit(): MiddlewareHandler<AppEnv> {
  return async function urlLimit(c, next) {
    const url = c.req.url;
    // Path and query as sent: everything from the first "/" after the scheme's "//".
    const start = url.indexOf("/", url.indexOf("//") + 2);
    const length = start === -1 ? 1 : url.length - start;
    if (length > MAX_URL_BYTES) {
      throw new ApiError("uri-too-long", `The URL's path and query are limited to ${MAX_URL_BYTES} characters; this one has ${length}.`);
    }
    await next();
  };
}
