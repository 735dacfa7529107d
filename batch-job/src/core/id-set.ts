import { ErrorCode, EtlError } from '../../../common/errors.js';
import { t } from '../../../common/i18n/index.js';

/** Slots of an empty hash: 8 KiB. */
const MIN_SLOTS = 1 << 10;
/** The hash doubles when more than this share of its slots is taken (linear probing stays short). */
const MAX_LOAD = 0.75;
/**
 * Hard cap of the hash: 2^26 slots of 8 bytes (512 MiB), about 50 million ids too spread out
 * for a bitmap. Dense ids never reach it: they go to the bitmap.
 */
export const MAX_HASH_SLOTS = 2 ** 26;
/** Ids the hash may hold before it would outgrow its cap. */
export const MAX_SPARSE_IDS = MAX_HASH_SLOTS * MAX_LOAD;
/** Hard cap of the bitmap: 2^32 bits (512 MiB), which also keeps bit offsets 32-bit. */
const MAX_BITS = 2 ** 32;
/** 2^32, to split an id into its low and high 32 bits. */
const TWO_32 = 4294967296;

/** A bitmap window of `bits` bits (a multiple of 32) starting at id `base`. */
interface Window {
  base: number;
  bits: number;
}

/** Thrown when a set would outgrow its hard cap; the caller names the file or table. */
export class IdSetFullError extends EtlError {
  /** What the set can hold, as the end of a sentence. */
  readonly expected: string;

  constructor(what: string, maxSlots: number) {
    const expected = t().idsExpected({ max: maxSlots * MAX_LOAD });
    super(ErrorCode.IDS_TOO_MANY, t().idsTooMany({ what: `${what.charAt(0).toUpperCase()}${what.slice(1)}`, expected }));
    this.expected = expected;
    this.name = 'IdSetFullError';
  }
}

/**
 * A set of ids (positive safe integers, 1 .. 2^53-1) for the duplicate and foreign-key
 * checks, compact whatever the ids look like and O(1) per call without allocating per id:
 *
 * - a bitmap over one window of ids: ids 1..N, or 2^53-N..2^53-1, or any range they fill to
 *   at least about one in 16, cost a bit each (5 million ids: 625 KiB);
 * - an open-addressing hash of the ids as doubles (linear probing, a keyed mix so that crafted
 *   ids cannot pile onto one slot) for the ids outside the window: 11 to 21 bytes an id
 *   (5 million ids spread over 2^40: 64 MiB).
 *
 * Each time the hash would double, the set compares the bitmap that would cover every id with
 * the doubled hash and keeps the smaller, so it never costs more than the hash alone would
 * (about 21 bytes an id at worst). The hash is capped at `MAX_HASH_SLOTS`: beyond, `add`
 * throws `IdSetFullError` rather than let the process run out of memory.
 */
export class IdSet {
  /** The bitmap, 32 ids a word; empty until ids are found dense enough. */
  private words = new Uint32Array(0);
  private base = 1;
  private bits = 0;
  /** The hash: each slot an id, 0 when free (ids are positive). */
  private slots = new Float64Array(MIN_SLOTS);
  private mask = MIN_SLOTS - 1;
  private inHash = 0;
  /** Smallest and largest id in the hash (meaningless while it is empty). */
  private low = Infinity;
  private high = -Infinity;
  private count = 0;
  /** Keys of the mix: random per set, so no file can be crafted to collide. */
  private readonly keyHigh = (Math.random() * TWO_32) >>> 0;
  private readonly keyLow = (Math.random() * TWO_32) >>> 0;

  /**
   * `what` names the ids in the sentence of `IdSetFullError` (`t().idsOfFile(...)`, "the ids of rentas.csv");
   * `maxSlots` (a power of two) lowers the hard cap of the hash, for tests.
   */
  constructor(
    private readonly what = t().idsDefault,
    private readonly maxSlots = MAX_HASH_SLOTS,
  ) {}

  /** A set of the given ids, sized once: a bitmap straight away when they are dense enough. */
  static of(ids: ArrayLike<number>, what?: string, maxSlots?: number): IdSet {
    const set = new IdSet(what, maxSlots);
    let low = Infinity;
    let high = -Infinity;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (!isId(id)) throw new EtlError(ErrorCode.INTERNAL, t().idsHoldNonId({ what: set.what, got: String(id) }));
      if (id < low) low = id;
      if (id > high) high = id;
    }
    if (ids.length > 0) {
      const span = roundBits(high - low + 1);
      if (span <= MAX_BITS && span / 8 <= hashBytesFor(ids.length)) {
        set.bits = span;
        set.base = low;
        set.words = new Uint32Array(span / 32);
      } else {
        set.resizeHash(Math.min(slotsFor(ids.length), set.maxSlots));
      }
    }
    for (let i = 0; i < ids.length; i++) set.add(ids[i]);
    return set;
  }

  /** Number of ids in the set. */
  get size(): number {
    return this.count;
  }

  /** Bytes the set holds in typed arrays (for tests and the bench). */
  get bytes(): number {
    return this.words.byteLength + this.slots.byteLength;
  }

  has(id: number): boolean {
    if (!isId(id)) return false;
    const offset = id - this.base;
    if (offset >= 0 && offset < this.bits) return (this.words[offset >>> 5] & (1 << (offset & 31))) !== 0;
    if (this.inHash === 0) return false;
    const { slots, mask } = this;
    for (let i = this.slotOf(id); ; i = (i + 1) & mask) {
      const held = slots[i];
      if (held === id) return true;
      if (held === 0) return false;
    }
  }

  add(id: number): void {
    if (!isId(id)) throw new EtlError(ErrorCode.INTERNAL, t().idSetGivenNonId({ got: String(id) }));
    const offset = id - this.base;
    if (offset >= 0 && offset < this.bits) {
      const word = offset >>> 5;
      const bit = 1 << (offset & 31);
      if ((this.words[word] & bit) === 0) {
        this.words[word] |= bit;
        this.count++;
      }
      return;
    }
    if (this.inHash >= this.slots.length * MAX_LOAD) {
      // Room first, so a set at its cap refuses the id rather than overfill; the id may now fall in the bitmap.
      this.grow();
      this.add(id);
      return;
    }
    if (this.insert(id)) this.count++;
  }

  /** Puts an id in the hash; false when it was there. */
  private insert(id: number): boolean {
    const { slots, mask } = this;
    let i = this.slotOf(id);
    for (;;) {
      const held = slots[i];
      if (held === id) return false;
      if (held === 0) break;
      i = (i + 1) & mask;
    }
    slots[i] = id;
    this.inHash++;
    if (id < this.low) this.low = id;
    if (id > this.high) this.high = id;
    return true;
  }

  /** murmur3's finalizer over both halves of the id, keyed: a slot index. */
  private slotOf(id: number): number {
    const lowBits = id >>> 0;
    const highBits = (id / TWO_32) >>> 0;
    return fmix(lowBits ^ fmix(highBits ^ this.keyHigh) ^ this.keyLow) & this.mask;
  }

  /**
   * The hash is full: either every id moves into one bitmap, when that bitmap is no larger
   * than the current bitmap plus the doubled hash, or the hash doubles.
   */
  private grow(): void {
    const doubled = this.slots.length * 2;
    const window = this.nextWindow(this.words.byteLength + doubled * 8);
    if (window) {
      this.rebuild(window);
      return;
    }
    if (doubled > this.maxSlots) throw new IdSetFullError(this.what, this.maxSlots);
    this.resizeHash(doubled);
  }

  /**
   * The bitmap window covering every id, with room for as many again on the side the hash's
   * ids lie (ids usually arrive in order), within `budget` bytes; undefined when even the
   * bare window would not fit.
   */
  private nextWindow(budget: number): Window | undefined {
    const hasBitmap = this.bits > 0;
    const low = hasBitmap ? Math.min(this.low, this.base) : this.low;
    const high = hasBitmap ? Math.max(this.high, this.base + this.bits - 1) : this.high;
    const span = high - low + 1;
    const maxBits = Math.min(MAX_BITS, Math.floor((budget * 8) / 32) * 32);
    if (roundBits(span) > maxBits) return undefined;
    const room = Math.min(span, maxBits - roundBits(span));
    const below = hasBitmap && this.low < this.base;
    const above = !hasBitmap || this.high >= this.base + this.bits;
    const share = below && above ? room / 2 : room;
    let base = below ? Math.max(1, low - Math.floor(share)) : low;
    const top = Math.min(Number.MAX_SAFE_INTEGER, (above ? high + Math.floor(share) : high));
    base = Math.max(1, Math.min(base, top - maxBits + 1));
    return { base, bits: Math.min(maxBits, roundBits(top - base + 1)) };
  }

  /** Moves every id into a new bitmap over `window` and empties the hash. */
  private rebuild(window: Window): void {
    const words = new Uint32Array(window.bits / 32);
    const shift = this.base - window.base;
    const old = this.words;
    for (let w = 0; w < old.length; w++) {
      let word = old[w];
      while (word !== 0) {
        const bit = 31 - Math.clz32(word & -word);
        word &= word - 1;
        const offset = shift + w * 32 + bit;
        words[offset >>> 5] |= 1 << (offset & 31);
      }
    }
    const slots = this.slots;
    for (let i = 0; i < slots.length; i++) {
      const id = slots[i];
      if (id === 0) continue;
      const offset = id - window.base;
      words[offset >>> 5] |= 1 << (offset & 31);
    }
    this.words = words;
    this.base = window.base;
    this.bits = window.bits;
    this.slots = new Float64Array(MIN_SLOTS);
    this.mask = MIN_SLOTS - 1;
    this.inHash = 0;
    this.low = Infinity;
    this.high = -Infinity;
  }

  private resizeHash(size: number): void {
    const old = this.slots;
    this.slots = new Float64Array(size);
    this.mask = size - 1;
    this.inHash = 0;
    for (let i = 0; i < old.length; i++) if (old[i] !== 0) this.insert(old[i]);
  }
}

function isId(id: number): boolean {
  return Number.isSafeInteger(id) && id > 0;
}

/** Whole 32-bit words. */
function roundBits(bits: number): number {
  return Math.ceil(bits / 32) * 32;
}

/** Slots of a hash holding `count` ids below its load limit: a power of two. */
function slotsFor(count: number): number {
  let size = MIN_SLOTS;
  while (count > size * MAX_LOAD && size < MAX_HASH_SLOTS) size *= 2;
  return size;
}

/** Bytes of a hash holding `count` ids. */
function hashBytesFor(count: number): number {
  return slotsFor(count) * 8;
}

/** murmur3's 32-bit finalizer: every input bit moves every output bit. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Every id from `from` to `to`, both included: a table whose ids have no gap, held as its two ends. */
export interface IdRange {
  readonly from: number;
  readonly to: number;
}

/** Ids to look up: a list (made into an `IdSet`), or a range without gaps (two comparisons). */
export function idLookup(ids: ArrayLike<number> | IdRange, what?: string): { has(id: number): boolean } {
  if (!('from' in ids)) return IdSet.of(ids, what);
  const { from, to } = ids;
  return { has: (id) => Number.isSafeInteger(id) && id >= from && id <= to };
}
