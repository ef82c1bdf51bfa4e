import type { RouteConfig, RouteConfigToTypedResponse } from "@hono/zod-openapi";

/**
 * The answer of a route declared with createRoute whose handler writes the body itself: an HTML
 * page or JSON by the Accept header, a script, Markdown, or JSON serialized once ahead of time.
 * The route's `responses` describe these bodies in the OpenAPI document (and the contract tests
 * check them against it); TypeScript can only follow bodies that c.json() serializes, so this is
 * the one place that vouches for the others.
 */
export function routeAnswer<R extends RouteConfig>(_route: R, response: Response): RouteConfigToTypedResponse<R> {
  return response as unknown as RouteConfigToTypedResponse<R>;
}
