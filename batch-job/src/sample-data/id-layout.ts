/** How the ids of a generated table are spread (bench and tests of large ids). */
export const ID_LAYOUTS = ['dense', 'sparse', 'high'] as const;
export type IdLayout = (typeof ID_LAYOUTS)[number];

/** The sparse layout spreads ids over 1..2^40. */
export const SPARSE_ID_BITS = 40;
const HALF_BITS = SPARSE_ID_BITS / 2;
const HALF = 2 ** HALF_BITS;
const HALF_MASK = HALF - 1;
const ROUNDS = 4;

/**
 * The id of a table's `index`-th row (from 0) of `count`, in a layout:
 * - `dense`: 1..count, the generator's default;
 * - `high`: 2^53-count .. 2^53-1, the largest ids a JavaScript number holds exactly;
 * - `sparse`: distinct ids scattered over 1..2^40, by a keyed permutation (a Feistel
 *   network on two 20-bit halves), so no memory is spent keeping them unique.
 */
export function idMaker(layout: IdLayout, count: number, key: number): (index: number) => number {
  if (layout === 'dense') return (index) => index + 1;
  if (layout === 'high') {
    const first = Number.MAX_SAFE_INTEGER - count + 1;
    return (index) => first + index;
  }
  const keys = Array.from({ length: ROUNDS }, (_, r) => mix(key ^ mix(r + 1)));
  return (index) => {
    let left = Math.floor(index / HALF);
    let right = index % HALF;
    for (const k of keys) {
      const next = (left ^ mix(right ^ k)) & HALF_MASK;
      left = right;
      right = next;
    }
    return left * HALF + right + 1;
  };
}

/** murmur3's 32-bit finalizer. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
