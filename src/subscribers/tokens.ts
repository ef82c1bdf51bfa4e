import { toBase64Url } from "../http/signed-token.js";

// Confirmation tokens are random, single-use and stored only as a SHA-256 hash; links that must
// keep working for months (unsubscribe, preferences, the bank) are HMAC-signed and revoked by
// the subscriber's status instead.

export const CONFIRM_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newConfirmToken(): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
}

export async function hashToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token));
  return toBase64Url(new Uint8Array(digest));
}

export function newId(): string {
  return crypto.randomUUID();
}
