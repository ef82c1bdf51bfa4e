// Deterministic shuffles for random decks and the question of the day: the same seed gives the
// same order on every instance, so neither needs server-side state.

/** mulberry32: a tiny, well-distributed 32-bit PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates with a seeded PRNG; does not modify its input (writes into `out` when given). */
export function seededShuffle<T>(items: readonly T[], seed: number, out: T[] = items.slice()): T[] {
  if (out !== items) for (let i = 0; i < items.length; i++) out[i] = items[i] as T;
  out.length = items.length;
  const next = prng(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/**
 * A seeded random order dealt from the front (Fisher–Yates run forwards): position i is final
 * after i + 1 steps, so dealing a few questions costs a few steps, not a shuffle of the whole
 * bank. Every seed gives every order with equal probability, like seededShuffle.
 */
export function createDealer(items: readonly number[], seed: number, scratch: number[] = []) {
  const n = items.length;
  for (let i = 0; i < n; i++) scratch[i] = items[i] as number;
  scratch.length = n;
  const next = prng(seed);
  let settled = 0;
  return {
    length: n,
    /** The item at position `i` of the order. */
    at(i: number): number {
      while (settled <= i) {
        const j = settled + Math.floor(next() * (n - settled));
        const swap = scratch[settled] as number;
        scratch[settled] = scratch[j] as number;
        scratch[j] = swap;
        settled++;
      }
      return scratch[i] as number;
    },
  };
}

/** FNV-1a: a 32-bit hash of a string, to seed a shuffle from a filter set. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A deck's seed. It needs no secrecy (decks are signed), only spread, so Math.random will do. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 32);
}
