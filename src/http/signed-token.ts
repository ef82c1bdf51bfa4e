// Opaque, tamper-proof tokens (list cursors, random decks): base64url(JSON) + "." + HMAC-SHA256.
// Stateless, so they work the same on every Node process and every Worker isolate sharing the secret.

const encoder = new TextEncoder();
const decoder = new TextDecoder();

// Node's Buffer encodes natively; Workers get the portable loop.
const NodeBuffer = (globalThis as { Buffer?: { from(b: ArrayBufferLike, offset: number, length: number): { toString(encoding: string): string } } })
  .Buffer;

export function toBase64Url(bytes: Uint8Array): string {
  if (NodeBuffer) return NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64url");
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  const padded = text.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (text.length % 4)) % 4);
  try {
    const binary = atob(padded);
    return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
  } catch {
    return null;
  }
}

export interface TokenSigner {
  sign(payload: unknown): Promise<string>;
  /** The same token, synchronously: only with a synchronous HMAC (Node). */
  signNow?: (payload: unknown) => string;
  /** The same, for a payload already serialized (exactly the bytes JSON.stringify would give). */
  signJsonNow?: (json: string) => string;
  /** The payload, or null for anything not signed by us (forged, truncated, garbage). */
  verify(token: string): Promise<unknown | null>;
  /** The same check, synchronously: only with a synchronous HMAC (Node). */
  verifyNow?: (token: string) => unknown | null;
}

/**
 * A synchronous HMAC-SHA256 for one key (returns the function that MACs with it), for servers
 * where Web Crypto's async jobs cost more than the MAC itself. The returned bytes may be reused
 * by the next call: use them before anything else runs.
 */
export type HmacSha256 = (key: Uint8Array) => (data: Uint8Array) => Uint8Array;

/** A token's signed bytes and its MAC, or null when it is not shaped like one of ours. */
function split(token: string): { body: Uint8Array<ArrayBuffer>; given: Uint8Array } | null {
  if (token.length > 2048) return null;
  const [bodyPart, macPart, ...rest] = token.split(".");
  if (bodyPart === undefined || macPart === undefined || rest.length > 0) return null;
  const body = fromBase64Url(bodyPart);
  const given = fromBase64Url(macPart);
  if (!body || !given || given.length !== 16) return null;
  return { body, given };
}

/** The payload when the given MAC is the expected one (compared in constant time), else null. */
function payloadOf(body: Uint8Array, given: Uint8Array, expected: Uint8Array): unknown | null {
  let diff = 0;
  for (let i = 0; i < 16; i++) diff |= (expected[i] ?? 0) ^ (given[i] ?? 0);
  if (diff !== 0) return null;
  try {
    return JSON.parse(decoder.decode(body)) as unknown;
  } catch {
    return null;
  }
}

export function createTokenSigner(secret: string, purpose: string, hmac?: HmacSha256): TokenSigner {
  // The purpose is part of the MAC so a cursor can never be replayed as a deck.
  const keyBytes = encoder.encode(`${purpose}:${secret}`);
  const key = crypto.subtle.importKey("raw", keyBytes, { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
  const macNow = hmac?.(keyBytes);
  // A copy of the synchronous MAC: the awaiting caller reads it after other work may have run.
  // (new Uint8Array copies; a Node Buffer's slice() would be a view of the reused buffer, and two
  // signatures made in the same tick would then both read the later MAC.)
  const mac = async (data: Uint8Array<ArrayBuffer>): Promise<Uint8Array> =>
    macNow ? new Uint8Array(macNow(data)) : new Uint8Array(await crypto.subtle.sign("HMAC", await key, data));
  const signNow = (body: Uint8Array, mac: Uint8Array) => `${toBase64Url(body)}.${toBase64Url(mac.subarray(0, 16))}`;
  // The synchronous path encodes into one reused buffer: a deal signs a deck on every request.
  let scratch = new Uint8Array(256);
  const signJsonNow = (json: string) => {
    if (!macNow) throw new Error("no synchronous HMAC");
    if (json.length * 3 > scratch.length) scratch = new Uint8Array(json.length * 3);
    const { written } = encoder.encodeInto(json, scratch);
    const body = scratch.subarray(0, written);
    return signNow(body, macNow(body));
  };
  return {
    ...(macNow
      ? {
          signNow: (payload: unknown) => signJsonNow(JSON.stringify(payload)),
          signJsonNow,
          verifyNow: (token: string) => {
            const parts = split(token);
            return parts && payloadOf(parts.body, parts.given, macNow(parts.body).subarray(0, 16));
          },
        }
      : {}),
    async sign(payload) {
      const body = new Uint8Array(encoder.encode(JSON.stringify(payload)));
      const mac_ = await mac(body);
      return `${toBase64Url(body)}.${toBase64Url(mac_.subarray(0, 16))}`;
    },
    async verify(token) {
      const parts = split(token);
      return parts && payloadOf(parts.body, parts.given, (await mac(parts.body)).subarray(0, 16));
    },
  };
}
