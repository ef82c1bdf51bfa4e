import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import type { Context } from "hono";
import type { Store } from "hono-rate-limiter";
import type { AppEnv } from "../app-env.js";
import { RATE_LIMIT_WINDOW_SECONDS } from "../http/access.js";
import { ApiError } from "../http/problem.js";
import type { createRouter } from "../http/router.js";
import { createMcpServer } from "./server.js";

// The remote MCP server at /mcp: Streamable HTTP, stateless (a fresh server and transport per
// POST, JSON answers, no session), behind the same access control as REST. Every HTTP request is
// counted by the rate limiter; a JSON-RPC batch (protocol 2025-03-26) that carries several tool
// calls counts once per call, so batching does not stretch a limit.

function toolCalls(body: unknown): number {
  const messages = Array.isArray(body) ? body : [body];
  return messages.filter((m) => typeof m === "object" && m !== null && (m as { method?: unknown }).method === "tools/call").length;
}

/** Counts `extra` more requests against the caller's limit; 429 as soon as one is over it. */
async function countExtraCalls(c: Context<AppEnv>, store: Store<AppEnv>, extra: number) {
  const { bucket, limit, kind } = c.get("caller");
  for (let i = 0; i < extra; i++) {
    const { totalHits, resetTime } = await store.increment(bucket);
    c.header("RateLimit-Remaining", String(Math.max(0, limit - totalHits)));
    if (totalHits > limit) {
      const retry = String(resetTime ? Math.max(1, Math.ceil((resetTime.getTime() - Date.now()) / 1000)) : RATE_LIMIT_WINDOW_SECONDS);
      throw new ApiError(
        "too-many-requests",
        `This client may make ${limit} requests per minute, and each tool call counts. Retry in ${retry} seconds${kind === "anonymous" ? ", or use an API key for a higher limit" : ""}.`,
        { headers: { "Retry-After": retry } },
      );
    }
  }
}

const parseError = () =>
  new Response(JSON.stringify({ jsonrpc: "2.0", error: { code: -32700, message: "Parse error: Invalid JSON" }, id: null }), {
    status: 400,
    headers: { "Content-Type": "application/json" },
  });

export function registerMcpRoutes(app: ReturnType<typeof createRouter>, options: { rateLimitStore: Store<AppEnv>; version: string }) {
  app.post("/mcp", async (c) => {
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      return parseError();
    }
    const calls = toolCalls(body);
    if (calls > 1) await countExtraCalls(c, options.rateLimitStore, calls - 1);

    const server = createMcpServer({ services: c.get("services"), requestId: c.get("requestId") }, options.version);
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    await server.connect(transport);
    try {
      const answer = await transport.handleRequest(c.req.raw, { parsedBody: body });
      // Through the context, so the headers set before the handler (the rate limit's) are kept.
      return c.newResponse(answer.body, answer);
    } finally {
      await server.close();
    }
  });
  // Stateless: no stream of server-initiated messages to open (GET), no session to end (DELETE).
  const postOnly = () => {
    throw new ApiError("method-not-allowed", "The MCP endpoint is stateless: send JSON-RPC messages with POST.", { headers: { Allow: "POST" } });
  };
  app.get("/mcp", postOnly);
  app.delete("/mcp", postOnly);
}
