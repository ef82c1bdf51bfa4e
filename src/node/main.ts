import { watch } from "node:fs";
import { readFile } from "node:fs/promises";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Duplex } from "node:stream";
import { getRequestListener, RequestError } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Client } from "@libsql/client";
import { MemoryStore } from "hono-rate-limiter";
import { createApp } from "../app.js";
import type { AppEnv, DatabaseCheck } from "../app-env.js";
import { describeConfigError, nodeConfigSchema } from "../config.js";
import { ContentError } from "../content/read.js";
import { seedIfChanged } from "../content/write.js";
import { createDatabase } from "../db/client.js";
import { PROBLEM_CONTENT_TYPE, type ProblemCode, problemCodes } from "../http/problem.js";
import { createTokenSigner } from "../http/signed-token.js";
import { createLogger } from "../logger.js";
import { createMailRunner, runMailJobs } from "../mail/jobs.js";
import { PROJECT_ROOT } from "../paths.js";
import { nodeCompress } from "./compress.js";
import {
  DatabaseOpenError,
  databaseFilePath,
  describeDatabaseUrl,
  guardDatabaseFile,
  inspectDatabaseFile,
  markDatabaseFile,
  migrateDatabase,
  openDatabaseClient,
} from "./database.js";
import { directServer } from "./direct-server.js";
import { nodeHmacSha256 } from "./hmac.js";
import { createNodeTransport } from "./mail-transports.js";
import { createResponseCache } from "./response-cache.js";

/** A problem+json answer for what fails before the app sees the request, with the headers every answer carries. */
function problemAnswer(code: ProblemCode, detail: string): Response {
  const { status, title } = problemCodes[code];
  return new Response(JSON.stringify({ type: `/problems/${code}`, title, status, detail, code }), {
    status,
    headers: {
      "Content-Type": PROBLEM_CONTENT_TYPE,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    },
  });
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

/** The Node server: validate the environment, open, migrate and seed the database, serve. */
export async function main(): Promise<void> {
  const parsed = nodeConfigSchema.safeParse(process.env);
  if (!parsed.success) fail(describeConfigError(parsed.error));
  const config = parsed.data;
  const logger = createLogger(config.logLevel);
  const startedAt = performance.now();

  let client: Client;
  let databaseCheck: DatabaseCheck | undefined;
  const databaseFile = databaseFilePath(config.databaseUrl);
  try {
    const found = databaseFile ? await inspectDatabaseFile(databaseFile) : null;
    if (found?.missing) logger.error("DATABASE MISSING", { problem: found.missing });
    client = await openDatabaseClient(config.databaseUrl, config.databaseAuthToken);
    await migrateDatabase(client);
    const seeded = await seedIfChanged(client);
    logger.info(seeded.loaded ? "content loaded" : "content unchanged", { questions: seeded.questions });
    if (databaseFile) {
      databaseCheck = await guardDatabaseFile(client, databaseFile);
      await markDatabaseFile(databaseFile, !found?.exists, new Date()).catch((err: Error) =>
        logger.warn("cannot write the marker next to the database file", { error: err.message }),
      );
      const problem = await databaseCheck({ probeWrite: true });
      if (problem) logger.error("database not writable", { problem });
    }
  } catch (err) {
    if (err instanceof DatabaseOpenError || err instanceof ContentError) fail(err.message);
    fail(`cannot prepare database ${describeDatabaseUrl(config.databaseUrl)}: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
  }

  let signingSecret = config.signingSecret;
  if (!signingSecret) {
    signingSecret = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url");
    logger.warn("SIGNING_SECRET is not set: cursors and decks stay valid only until this process restarts");
  }

  // Scalar's browser bundle, pinned in package.json and served from our origin so /docs works offline.
  const scalarBundle = path.join(PROJECT_ROOT, "node_modules/@scalar/api-reference/dist/browser/standalone.js");
  let docsScript: Promise<Uint8Array> | undefined;
  const db = createDatabase(client);
  const transport = createNodeTransport(config.mail, config.publicUrl);
  const mail = createMailRunner(
    (signals) =>
      runMailJobs(
        {
          db,
          signer: { links: createTokenSigner(signingSecret, "subscriber-link"), publicUrl: config.publicUrl },
          transport,
          from: config.mail.from,
          now: () => new Date(),
          logger,
          claimTimeoutMs: config.mail.claimTimeoutSeconds * 1000,
        },
        signals,
      ),
    logger,
  );
  // Public reads are answered from memory until the content version changes (see response-cache.ts).
  const responseCache = createResponseCache({ db });
  await responseCache.checkVersion();
  // A reload by another process (`npm run db:seed` against our file) is noticed the moment it writes,
  // not only at the next one-second check.
  if (databaseFile) {
    const file = databaseFile;
    try {
      watch(path.dirname(file), (_event, name) => {
        if (name && String(name).startsWith(path.basename(file))) responseCache.checkVersion().catch(() => undefined);
      }).unref();
    } catch (err) {
      logger.warn("cannot watch the database file; content reloads show within a second", { error: (err as Error).message });
    }
  }
  const rateLimitStore = new MemoryStore<AppEnv>();
  const app = createApp({
    db,
    responseCache,
    rateLimitStore,
    hmacSha256: nodeHmacSha256,
    config: {
      publicUrl: config.publicUrl,
      signingSecret,
      signupLimitPerClient: config.signupLimitPerClient,
      adminApiKey: config.adminApiKey,
      anonRateLimitPerMinute: config.anonRateLimitPerMinute,
    },
    logger,
    clientAddress: (c) => getConnInfo(c).remote.address ?? "unknown",
    onMailQueued: () => void mail.kick(),
    docsScript: () => (docsScript ??= readFile(scalarBundle)),
    compress: nodeCompress,
    ...(databaseCheck ? { databaseCheck } : {}),
  });
  const mailTimer = setInterval(() => void mail.kick(), config.mail.pollSeconds * 1000);
  mailTimer.unref();

  const limiter = { store: rateLimitStore, limit: config.anonRateLimitPerMinute };

  // A request node:http accepted but that is no valid URL (an invalid Host, a backslash in the
  // path) gets problem+json like every other refusal, not @hono/node-server's bare 400.
  const listener = getRequestListener(app.fetch, {
    hostname: config.host,
    errorHandler: (err) =>
      err instanceof RequestError
        ? problemAnswer("bad-request", `This request has no valid URL: ${err.message.toLowerCase()}.`)
        : problemAnswer("internal-error", "An unexpected error occurred."),
  });
  // Slow clients: headers within HEADERS_TIMEOUT_SECONDS, the whole request (body included) within
  // REQUEST_TIMEOUT_SECONDS, or 408 and the connection is closed; the connections are checked
  // often enough for that to happen on time. Request line and headers: 16 KB at most (431).
  const server = directServer(responseCache, limiter)(
    {
      headersTimeout: config.headersTimeoutMs,
      requestTimeout: config.requestTimeoutMs,
      keepAliveTimeout: 5_000,
      connectionsCheckingInterval: Math.min(1_000, Math.max(100, Math.round(config.headersTimeoutMs / 4))),
      maxHeaderSize: 16 * 1024,
    },
    listener,
  );
  server.listen(config.port, config.host, () => {
    const info = server.address() as AddressInfo;
    logger.info("listening", {
      url: `http://${info.address.includes(":") ? `[${info.address}]` : info.address}:${info.port}`,
      docs: `${config.publicUrl}/docs`,
      startupMs: Math.round(performance.now() - startedAt),
    });
  });
  server.on("error", (err) => fail(`cannot listen on ${config.host}:${config.port}: ${err.message}`));

  // What node:http refuses before the app sees it (not HTTP, headers over 16 KB, too slow) is
  // answered with problem+json too, then the connection is closed, as node:http itself would.
  server.on("clientError", (err: NodeJS.ErrnoException, socket: Duplex & { _httpMessage?: { headersSent?: boolean } }) => {
    if (err.code === "ECONNRESET" || !socket.writable || socket._httpMessage?.headersSent) {
      socket.destroy();
      return;
    }
    const code: ProblemCode =
      err.code === "HPE_HEADER_OVERFLOW"
        ? "request-header-fields-too-large"
        : err.code === "ERR_HTTP_REQUEST_TIMEOUT"
          ? "request-timeout"
          : "bad-request";
    const { status, title } = problemCodes[code];
    const detail =
      code === "request-header-fields-too-large"
        ? "The request line and headers are limited to 16 KB."
        : code === "request-timeout"
          ? `Send the headers within ${config.headersTimeoutMs / 1000} s and the whole request within ${config.requestTimeoutMs / 1000} s.`
          : "This is not a valid HTTP/1.1 request.";
    const body = JSON.stringify({ type: `/problems/${code}`, title, status, detail, code });
    socket.end(
      `HTTP/1.1 ${status} ${title}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`,
    );
  });

  // Graceful shutdown (SIGTERM, SIGINT): stop accepting at once, close idle keep-alive connections,
  // let the requests in flight and the mail batch being sent finish, close the database, exit 0.
  // Past SHUTDOWN_TIMEOUT_SECONDS it gives up: one error line naming what was still running, the
  // batch's unsent mails go back to the outbox, exit 1, so a forced stop is visible.
  let closing = false;
  const httpServer: Server = server;
  const inFlight = new Set<ServerResponse>();
  httpServer.on("request", (_req: IncomingMessage, res: ServerResponse) => {
    inFlight.add(res);
    if (closing) res.shouldKeepAlive = false;
    res.once("close", () => {
      inFlight.delete(res);
      // A keep-alive connection whose last answer went out during shutdown is idle now: close it.
      if (closing) setImmediate(() => httpServer.closeIdleConnections());
    });
  });

  function shutdown(signal: string) {
    if (closing) return;
    closing = true;
    const started = performance.now();
    const timeoutSeconds = config.shutdownTimeoutSeconds;
    logger.info("shutting down", { signal, timeoutSeconds, inFlightRequests: inFlight.size, mailPass: mail.busy() });
    const deadline = setTimeout(() => void forceExit(timeoutSeconds), timeoutSeconds * 1000);
    clearInterval(mailTimer);
    responseCache.stop();
    // Answers still to be written say "Connection: close" and end their connection.
    for (const res of inFlight) if (!res.headersSent) res.shouldKeepAlive = false;
    const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
    httpServer.closeIdleConnections();
    void Promise.all([closed, mail.drain()]).then(() => {
      if (forced) return; // the deadline passed first: forceExit ends the process
      clearTimeout(deadline);
      client.close();
      logger.info("shut down", { ms: Math.round(performance.now() - started) });
      process.exit(0);
    });
  }

  let forced = false;
  async function forceExit(timeoutSeconds: number) {
    forced = true;
    const connections = await new Promise<number>((resolve) => httpServer.getConnections((_err, count) => resolve(count ?? 0)));
    const still = [
      inFlight.size ? `${inFlight.size} request${inFlight.size === 1 ? "" : "s"} in flight` : "",
      !inFlight.size && connections ? `${connections} open connection${connections === 1 ? "" : "s"}` : "",
      mail.busy() ? "the mail pass (its unsent mails go back to the outbox)" : "",
    ].filter(Boolean);
    logger.error("shutdown deadline passed, exiting", { timeoutSeconds, stillRunning: still.join("; ") || "unknown" });
    // The database may be what hangs: give the mail runner a second to release its claims.
    await Promise.race([mail.abort(), new Promise((resolve) => setTimeout(resolve, 1000))]);
    client.close();
    process.exit(1);
  }
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}
