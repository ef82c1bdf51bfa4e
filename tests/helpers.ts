import { type Client, createClient } from "@libsql/client";
import { createApp } from "../src/app.js";
import { type Content, defaultSeedDir, readContent } from "../src/content/read.js";
import { writeContent } from "../src/content/write.js";
import { createDatabase } from "../src/db/client.js";
import { migrateDatabase } from "../src/node/database.js";

export const TEST_SECRET = "test-signing-secret-0123456789abcdef";
export const FIXED_NOW = new Date("2026-11-25T10:00:00Z");

// seed/ itself is never changed by a test (they edit copies): read and rendered once per test
// file, not once per database (rendering the bank's math is most of a load).
let bank: Promise<Content> | undefined;

/** A fresh in-memory libSQL database, migrated (and seeded unless told otherwise). */
export async function createTestDatabase(options: { seed?: boolean; seedDir?: string } = {}): Promise<Client> {
  const client = createClient({ url: ":memory:" });
  await migrateDatabase(client);
  if (options.seed !== false) {
    const content = options.seedDir === undefined ? (bank ??= readContent(defaultSeedDir())) : readContent(options.seedDir);
    await writeContent(client, await content);
  }
  return client;
}

export const TEST_ADMIN_KEY = "test-admin-key-0123456789abcdefghij";

export function createTestApp(
  client: Client,
  options: {
    now?: Date;
    clock?: () => Date;
    publicUrl?: string;
    signupLimitPerClient?: number;
    anonRateLimitPerMinute?: number;
    onMailQueued?: () => void;
  } = {},
) {
  return createApp({
    db: createDatabase(client),
    config: {
      publicUrl: options.publicUrl ?? "http://api.test",
      signingSecret: TEST_SECRET,
      signupLimitPerClient: options.signupLimitPerClient ?? 1000,
      adminApiKey: TEST_ADMIN_KEY,
      // The limiter runs in every test; only the rate-limit tests make it bite.
      anonRateLimitPerMinute: options.anonRateLimitPerMinute ?? 1_000_000_000,
    },
    clock: options.clock ?? (() => options.now ?? FIXED_NOW),
    // Tests name the client with a header; the entries use the socket or CF-Connecting-IP.
    clientAddress: (c) => c.req.header("X-Test-Client") ?? "test-client",
    ...(options.onMailQueued ? { onMailQueued: options.onMailQueued } : {}),
  });
}

/** GET a path of the app and parse the JSON body. */
export async function getJson<T = any>(app: ReturnType<typeof createApp>, path: string, init?: RequestInit) {
  const res = await app.request(path, init);
  const text = await res.text();
  return { res, status: res.status, body: (text ? JSON.parse(text) : null) as T };
}
