import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";

// Fixed-window counters in the database: shared by every Node process and Worker isolate, so a
// limit holds however many instances serve the traffic.

export interface RateLimitResult {
  allowed: boolean;
  retryAfterSeconds: number;
}

export async function hitRateLimit(db: Database, key: string, limit: number, windowSeconds: number, now: Date): Promise<RateLimitResult> {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const windowStart = nowSeconds - (nowSeconds % windowSeconds);
  const [row] = await db.all<{ count: number }>(sql`
    INSERT INTO rate_limits (key, window_start, count) VALUES (${key}, ${windowStart}, 1)
    ON CONFLICT (key, window_start) DO UPDATE SET count = count + 1
    RETURNING count`);
  // Old windows are useless; dropping them here keeps the table small without a sweeper.
  if ((row?.count ?? 0) === 1) await db.run(sql`DELETE FROM rate_limits WHERE window_start < ${windowStart - windowSeconds}`);
  return { allowed: (row?.count ?? 0) <= limit, retryAfterSeconds: windowStart + windowSeconds - nowSeconds };
}

/** A short, non-reversible key for a client address, so raw IPs are never stored. */
export async function clientKey(address: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`client:${address}`));
  return Array.from(new Uint8Array(digest).subarray(0, 12), (b) => b.toString(16).padStart(2, "0")).join("");
}
