import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Client, Config } from "@libsql/client";
import { migrate } from "drizzle-orm/libsql/migrator";
import { createDatabase } from "../db/client.js";
import { PROJECT_ROOT } from "../paths.js";

// Node-only database plumbing: opening any libSQL URL and applying migrations/.

export const MIGRATIONS_DIR = path.join(PROJECT_ROOT, "migrations");

export class DatabaseOpenError extends Error {}

/** The URL without credentials or query string, safe to print. */
export function describeDatabaseUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, "//").replace(/\?.*$/, "");
}

/**
 * The embedded file client alone for file: URLs (the common case, and every start of npm start);
 * the full client, with its HTTP and WebSocket protocols, only for a database server.
 */
async function clientFactory(url: string): Promise<(config: Config) => Client> {
  if (url.startsWith("file:") || url === ":memory:") return (await import("@libsql/client/sqlite3")).createClient;
  return (await import("@libsql/client")).createClient;
}

export async function openDatabaseClient(url: string, authToken?: string): Promise<Client> {
  const label = describeDatabaseUrl(url);
  try {
    if (url.startsWith("file:")) {
      const file = url.slice("file:".length).replace(/\?.*$/, "");
      await mkdir(path.dirname(path.resolve(file)), { recursive: true });
    }
    const client = (await clientFactory(url))({ url, ...(authToken ? { authToken } : {}) });
    await client.execute("SELECT 1");
    if (url.startsWith("file:")) {
      // WAL lets readers proceed while the seed loader or sign-ups write.
      await client.execute("PRAGMA journal_mode = WAL");
      await client.execute("PRAGMA busy_timeout = 5000");
    }
    return client;
  } catch (err) {
    const reason = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
    throw new DatabaseOpenError(`cannot open database ${label}: ${reason.split("\n")[0]}`);
  }
}

export async function migrateDatabase(client: Client): Promise<void> {
  await migrate(createDatabase(client), { migrationsFolder: MIGRATIONS_DIR });
}
