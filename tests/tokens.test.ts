import { createHmac, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createTokenSigner } from "../src/http/signed-token.js";
import { nodeHmacSha256 } from "../src/node/hmac.js";
import { createDealer, newDealerScratch, seededShuffle } from "../src/questions/shuffle.js";

describe("nodeHmacSha256", () => {
  it("gives createHmac's bytes for keys and messages of every length, the buffer reused across calls", () => {
    for (const keyLength of [0, 1, 32, 63, 64, 65, 200]) {
      const key = randomBytes(keyLength);
      const mac = nodeHmacSha256(key);
      for (const length of [0, 1, 55, 56, 64, 119, 500, 1024, 1025, 5000]) {
        const data = randomBytes(length);
        expect(Buffer.from(mac(data)).toString("hex"), `key ${keyLength}, message ${length}`).toBe(
          createHmac("sha256", key).update(data).digest("hex"),
        );
        // Digests with every byte value survive the latin1 round trip.
        const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
        expect(Buffer.from(mac(bytes)).toString("hex")).toBe(createHmac("sha256", key).update(bytes).digest("hex"));
      }
    }
  });
});

describe("token signers", () => {
  it("accept each other's tokens whether they sign with Web Crypto, synchronously or from serialized JSON", async () => {
    const webCrypto = createTokenSigner("a-secret", "deck");
    const node = createTokenSigner("a-secret", "deck", nodeHmacSha256);
    const payload = { f: '["deep-learning",null,null,null]', s: 4294967295, o: 7 };
    const tokens = [await webCrypto.sign(payload), await node.sign(payload), node.signNow?.(payload), node.signJsonNow?.(JSON.stringify(payload))];
    expect(new Set(tokens).size).toBe(1);
    for (const signer of [webCrypto, node]) expect(await signer.verify(tokens[0] as string)).toEqual(payload);
    expect(await createTokenSigner("another-secret", "deck").verify(tokens[0] as string)).toBeNull();
    expect(await createTokenSigner("a-secret", "cursor").verify(tokens[0] as string)).toBeNull();
  });
});

describe("createDealer", () => {
  it("deals the seeded order whatever was dealt before with the same scratch", () => {
    const items = Array.from({ length: 50 }, (_, i) => 1000 + i);
    const scratch = newDealerScratch();
    for (const [seed, count] of [
      [1, 3],
      [2, 50],
      [3, 1],
      [1, 3],
      [99, 10],
    ] as const) {
      const dealer = createDealer(items, seed, scratch);
      const dealt = Array.from({ length: count }, (_, i) => dealer.at(i));
      dealer.done();
      const fresh = createDealer(items, seed);
      expect(dealt).toEqual(Array.from({ length: count }, (_, i) => fresh.at(i)));
      expect(scratch.order).toEqual(items);
    }
    // A full deal is a permutation, as seededShuffle's is.
    const full = createDealer(items, 42);
    expect(Array.from({ length: 50 }, (_, i) => full.at(i)).sort()).toEqual(seededShuffle(items, 42).sort());
  });
});

describe("token signing with the Node HMAC", () => {
  it("gives each of many tokens signed at once its own MAC (the reused buffer is copied)", async () => {
    const { nodeHmacSha256 } = await import("../src/node/hmac.js");
    const { createTokenSigner } = await import("../src/http/signed-token.js");
    const node = createTokenSigner("a-secret-of-at-least-32-characters!!", "cursor", nodeHmacSha256);
    const web = createTokenSigner("a-secret-of-at-least-32-characters!!", "cursor");
    const payloads = Array.from({ length: 20 }, (_, i) => ({ k: [i] }));
    const signed = await Promise.all(payloads.map((p) => node.sign(p)));
    expect(signed).toEqual(await Promise.all(payloads.map((p) => web.sign(p))));
    for (const [i, token] of signed.entries()) expect(await node.verify(token)).toEqual(payloads[i]);
  });
});
