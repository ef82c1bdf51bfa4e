import { createHash, createHmac, hash } from "node:crypto";
import type { HmacSha256 } from "../http/signed-token.js";

/**
 * HMAC-SHA256 (RFC 2104) for Node from two one-shot hashes, with the key's pads computed once:
 * a random deck signs a token on every request, and createHmac builds (and the GC later frees)
 * a native object each time. Same bytes as createHmac("sha256", key); messages over 1 KiB use it.
 *
 * The digests travel as binary (latin1) strings into buffers allocated once, so a MAC allocates no
 * ArrayBuffer: the result is one reused buffer, valid until the next call (HmacSha256's contract).
 */
export const nodeHmacSha256: HmacSha256 = (key) => {
  const block = key.length > 64 ? createHash("sha256").update(key).digest() : key;
  const inner = Buffer.alloc(64 + 1024);
  const outer = Buffer.alloc(64 + 32);
  const result = Buffer.alloc(32);
  for (let i = 0; i < 64; i++) {
    inner[i] = (block[i] ?? 0) ^ 0x36;
    outer[i] = (block[i] ?? 0) ^ 0x5c;
  }
  return (data) => {
    if (data.length > 1024) return createHmac("sha256", key).update(data).digest();
    inner.set(data, 64);
    outer.write(hash("sha256", inner.subarray(0, 64 + data.length), "binary"), 64, "binary");
    result.write(hash("sha256", outer, "binary"), 0, "binary");
    return result;
  };
};
