import { ErrorCode, EtlError } from '../../../common/errors.js';

/**
 * Fast seeded randomness for the rentals table, where calling faker per row would cost
 * most of the run. sfc32 passes PractRand up to terabytes and needs only 32-bit integer
 * arithmetic, which V8 keeps in registers.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** `parts` (non-negative safe integers) are mixed with splitmix32 so that nearby seeds give unrelated streams. */
  constructor(...parts: number[]) {
    let h = 0;
    const mix = (x: number): number => {
      h = (h + x + 0x9e3779b9) | 0;
      let z = h;
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
      return (z ^ (z >>> 15)) >>> 0;
    };
    for (const p of parts) {
      mix(p >>> 0);
      mix(Math.floor(p / 2 ** 32));
    }
    this.a = mix(1);
    this.b = mix(2);
    this.c = mix(3);
    this.d = mix(4);
    // The first outputs of a fresh state are still correlated with the seed.
    for (let i = 0; i < 12; i++) this.uint32();
  }

  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Standard normal (Box-Muller; the second value is dropped to keep the stream simple). */
  gaussian(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
}

/**
 * Walker's alias table: draws index i with probability weights[i] / sum in O(1), so a
 * skewed choice among 100 000 clients costs the same as a uniform one.
 */
export class AliasTable {
  private readonly prob: Float64Array;
  private readonly alias: Int32Array;
  readonly size: number;

  constructor(weights: ArrayLike<number>) {
    const n = weights.length;
    if (n === 0) throw new EtlError(ErrorCode.INTERNAL, 'An alias table needs at least one weight, got none.');
    let sum = 0;
    for (let i = 0; i < n; i++) sum += weights[i];
    this.size = n;
    this.prob = new Float64Array(n);
    this.alias = new Int32Array(n);
    const scaled = new Float64Array(n);
    const small: number[] = [];
    const large: number[] = [];
    for (let i = 0; i < n; i++) {
      scaled[i] = (weights[i] * n) / sum;
      (scaled[i] < 1 ? small : large).push(i);
    }
    while (small.length > 0 && large.length > 0) {
      const s = small.pop() as number;
      const l = large.pop() as number;
      this.prob[s] = scaled[s];
      this.alias[s] = l;
      scaled[l] = scaled[l] + scaled[s] - 1;
      (scaled[l] < 1 ? small : large).push(l);
    }
    // Leftovers are 1 up to rounding error.
    for (const i of large) this.prob[i] = 1;
    for (const i of small) this.prob[i] = 1;
  }

  /** One index, consuming one number of `rng`. */
  sample(rng: Rng): number {
    const r = rng.next() * this.size;
    const i = r | 0;
    return r - i < this.prob[i] ? i : this.alias[i];
  }
}

/** A fixed catalogue of values drawn by weight. */
export class WeightedChoice<T> {
  private readonly table: AliasTable;
  private readonly values: readonly T[];

  constructor(items: readonly { readonly value: T; readonly weight: number }[]) {
    this.values = items.map((i) => i.value);
    this.table = new AliasTable(items.map((i) => i.weight));
  }

  pick(rng: Rng): T {
    return this.values[this.table.sample(rng)];
  }
}
