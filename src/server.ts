import { createHmac, createSecretKey } from "node:crypto";
import { watch } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Socket } from "node:net";
import { createServer as createHttpServer, type RequestListener, type Server, type ServerOptions } from "node:http";
import { serve } from "@hono/node-server";
import { MemoryStore } from "hono-rate-limiter";
import type { AppEnv } from "./app-env.js";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Client } from "@libsql/client";
import { ContentError, seedIfChanged } from "../seed/load.js";
import { createApp } from "./app.js";
import { type CachedAnswer, createResponseCache } from "./http/response-cache.js";
import { describeConfigError, nodeConfigSchema } from "./config.js";
import { createDatabase } from "./db/client.js";
import { DatabaseOpenError, describeDatabaseUrl, migrateDatabase, openDatabaseClient } from "./db/node.js";
import { createLogger } from "./logger.js";
import { PROJECT_ROOT } from "./paths.js";
import { createTokenSigner } from "./http/signed-token.js";
import { createMailRunner, runMailJobs } from "./mail/jobs.js";
import { createNodeTransport } from "./mail/node-transport.js";

// Node entry: validate the environment, open, migrate and seed the database, serve.

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const parsed = nodeConfigSchema.safeParse(process.env);
if (!parsed.success) fail(describeConfigError(parsed.error));
const config = parsed.data;
const logger = createLogger(config.logLevel);
const startedAt = performance.now();

let client: Client;
try {
  client = await openDatabaseClient(config.databaseUrl, config.databaseAuthToken);
  await migrateDatabase(client);
  const seeded = await seedIfChanged(client);
  logger.info(seeded.loaded ? "content loaded" : "content unchanged", { questions: seeded.questions });
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
  () =>
    runMailJobs({
      db,
      signer: { links: createTokenSigner(signingSecret, "subscriber-link"), publicUrl: config.publicUrl },
      transport,
      from: config.mail.from,
      now: () => new Date(),
      logger,
    }),
  logger,
);
// Public reads are answered from memory until the content version changes (see response-cache.ts).
const responseCache = createResponseCache({ db });
await responseCache.checkVersion();
// A reload by another process (`npm run db:seed` against our file) is noticed the moment it writes,
// not only at the next one-second check.
if (config.databaseUrl.startsWith("file:")) {
  const file = path.resolve(config.databaseUrl.slice("file:".length).replace(/\?.*$/, ""));
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
  hmacSha256: (key) => {
    const secret = createSecretKey(key);
    return (data) => createHmac("sha256", secret).update(data).digest();
  },
  config: { publicUrl: config.publicUrl, signingSecret, signupLimitPerClient: config.signupLimitPerClient, adminApiKey: config.adminApiKey, anonRateLimitPerMinute: config.anonRateLimitPerMinute },
  logger,
  clientAddress: (c) => getConnInfo(c).remote.address ?? "unknown",
  onMailQueued: () => void mail.kick(),
  docsScript: () => (docsScript ??= readFile(scalarBundle)),
});
const mailTimer = setInterval(() => void mail.kick(), config.mail.pollSeconds * 1000);
mailTimer.unref();

// Answers from the response cache are written straight to node:http, before a WHATWG Request is
// built for Hono: that is most of what a cached read would otherwise cost. Everything else, and
// every miss, goes to the app.
const limiter = { store: rateLimitStore, limit: config.anonRateLimitPerMinute };
// A keep-alive connection has one peer: ask the kernel once, not on every request.
const addresses = new WeakMap<Socket, string>();
function socketAddress(socket: Socket): string {
  let address = addresses.get(socket);
  if (address === undefined) {
    address = socket.remoteAddress ?? "unknown";
    addresses.set(socket, address);
  }
  return address;
}
function createServer(options: ServerOptions, appListener: RequestListener): Server {
  return createHttpServer(options, (req, res) => {
    if (req.method !== "GET") return appListener(req, res);
    // Straight from the raw header list: req.headers would build an object of all of them.
    const raw = req.rawHeaders;
    const header = (name: string) => {
      let found: string | null = null;
      for (let i = 0; i < raw.length; i += 2) {
        if ((raw[i] as string).length === name.length && (raw[i] as string).toLowerCase() === name) {
          found = found === null ? (raw[i + 1] as string) : `${found}, ${raw[i + 1]}`;
        }
      }
      return found;
    };
    const write = (cached: CachedAnswer | null) => {
      if (!cached) return appListener(req, res);
      res.writeHead(cached.status, cached.headers);
      res.end(cached.body ?? undefined);
    };
    try {
      const cached = responseCache.answer({ method: "GET", url: req.url ?? "/", header, address: socketAddress(req.socket) }, limiter);
      if (cached instanceof Promise) cached.then(write, () => appListener(req, res));
      else write(cached);
    } catch {
      appListener(req, res);
    }
  });
}

const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host, createServer: createServer as typeof createHttpServer }, (info) => {
  logger.info("listening", {
    url: `http://${info.address.includes(":") ? `[${info.address}]` : info.address}:${info.port}`,
    docs: `${config.publicUrl}/docs`,
    startupMs: Math.round(performance.now() - startedAt),
  });
});
server.on("error", (err) => fail(`cannot listen on ${config.host}:${config.port}: ${err.message}`));

let closing = false;
function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  logger.info("shutting down", { signal });
  const deadline = setTimeout(() => process.exit(0), 10_000);
  deadline.unref();
  clearInterval(mailTimer);
  responseCache.stop();
  server.close(async () => {
    await mail.idle();
    client.close();
    process.exit(0);
  });
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
