import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
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

/** The path of a `file:` database URL, or null for any other database. */
export function databaseFilePath(url: string): string | null {
  return url.startsWith("file:") ? path.resolve(url.slice("file:".length).replace(/\?.*$/, "")) : null;
}

// A marker next to the database file says a database existed there, so a start that finds the
// file gone (deleted, a volume not mounted) and would quietly begin with an empty one says so.
// Its name starts with a dot and not with the file's name: `rm app.db*` leaves it.
const markerOf = (file: string) => path.join(path.dirname(file), `.${path.basename(file)}.created`);

/**
 * Before opening: whether the file exists, and what to tell the operator when it is missing
 * although this directory held a database (the marker says when that one was created).
 */
export async function inspectDatabaseFile(file: string): Promise<{ exists: boolean; missing: string | null }> {
  if (await exists(file)) return { exists: true, missing: null };
  const marker = await readFile(markerOf(file), "utf8").catch(() => null);
  if (marker === null) return { exists: false, missing: null };
  const createdAt = /"createdAt":"([^"]+)"/.exec(marker)?.[1] ?? "an earlier start";
  return {
    exists: false,
    missing: `the database file ${file} is missing, but a database was created there at ${createdAt}: starting with a NEW, EMPTY database. Subscribers, API keys and mail state are gone unless you restore the file from a backup (stop the server first). If starting afresh is what you meant, nothing else to do.`,
  };
}

/** After opening: writes the marker for a database just created, or for one that has none yet. */
export async function markDatabaseFile(file: string, createdNow: boolean, now: Date): Promise<void> {
  const marker = `${JSON.stringify({ database: path.basename(file), createdAt: now.toISOString() })}\n`;
  await writeFile(markerOf(file), marker, { flag: createdNow ? "w" : "wx" }).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== "EEXIST") throw err;
  });
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/**
 * Watches the file a server opened. The open file can be deleted or replaced under a running
 * process (its writes then go to a file nobody will read again), or be read-only (every write
 * fails): check() says which, in a sentence for /health and for refused writes.
 */
export async function guardDatabaseFile(client: Client, file: string): Promise<(options: { probeWrite: boolean }) => Promise<string | null>> {
  const opened = await stat(file);
  return async ({ probeWrite }) => {
    const now = await stat(file).catch((err: NodeJS.ErrnoException) => (err.code === "ENOENT" ? null : err));
    if (now === null)
      return `The database file ${file} was deleted while the server was running: nothing written now would be kept. Restore it and restart.`;
    if (now instanceof Error) return `The database file ${file} cannot be checked: ${now.message}`;
    if (now.dev !== opened.dev || now.ino !== opened.ino) {
      return `The database file ${file} was replaced by another file while the server was running: this process still uses the old one. Restart it.`;
    }
    if (!probeWrite) return null;
    try {
      // A row of the rate-limit table that nothing else uses: the smallest real write.
      await client.execute(
        "INSERT INTO rate_limits (key, window_start, count) VALUES ('health:write-probe', 0, 0) ON CONFLICT (key, window_start) DO UPDATE SET count = 0",
      );
      return null;
    } catch (err) {
      const reason = err instanceof Error ? err.message.split("\n")[0] : String(err);
      return `The database cannot be written (${reason}): sign-ups, keys and mail state cannot be saved. Make ${file} writable and restart.`;
    }
  };
}
