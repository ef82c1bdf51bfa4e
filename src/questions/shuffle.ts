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

/** Reusable memory for createDealer: the items' copy it shuffles in place, and the swaps to undo. */
export interface DealerScratch {
  of: readonly number[] | null;
  order: number[];
  swaps: number[];
}

export const newDealerScratch = (): DealerScratch => ({ of: null, order: [], swaps: [] });

/**
 * A seeded random order dealt from the front (Fisher–Yates run forwards): position i is final
 * after i + 1 steps, so dealing a few questions costs a few steps, not a shuffle of the whole
 * bank. Every seed gives every order with equal probability, like seededShuffle.
 *
 * With a scratch, the copy of the items is kept between deals and `done()` undoes this deal's
 * swaps, so dealing a few of many items touches a few array slots, not all of them.
 */
export function createDealer(items: readonly number[], seed: number, scratch: DealerScratch = newDealerScratch()) {
  const n = items.length;
  const { order, swaps } = scratch;
  if (scratch.of !== items || order.length !== n || swaps.length !== 0) {
    for (let i = 0; i < n; i++) order[i] = items[i] as number;
    order.length = n;
    swaps.length = 0;
    scratch.of = items;
  }
  const next = prng(seed);
  let settled = 0;
  return {
    length: n,
    /** The item at position `i` of the order. */
    at(i: number): number {
      while (settled <= i) {
        const j = settled + Math.floor(next() * (n - settled));
        const swap = order[settled] as number;
        order[settled] = order[j] as number;
        order[j] = swap;
        swaps.push(j);
        settled++;
      }
      return order[i] as number;
    },
    /** Puts the scratch back in the items' order for the next deal. */
    done(): void {
      for (let k = swaps.length - 1; k >= 0; k--) {
        const j = swaps[k] as number;
        const swap = order[k] as number;
        order[k] = order[j] as number;
        order[j] = swap;
      }
      swaps.length = 0;
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
