const BITMAP_LIMIT = 1 << 27;

/**
 * A set of positive integer ids that stays small for the common case of dense ids: a growable
 * bitmap below 2^27 (at most 16 MiB), a plain Set above. A file of 5 million sequential ids
 * costs under 1 MiB instead of the ~200 MiB of a Set<number>.
 */
export class IdSet {
  private bits = new Uint8Array(1 << 12);
  private readonly large = new Set<number>();

  has(id: number): boolean {
    if (id < BITMAP_LIMIT) {
      const byte = id >>> 3;
      return byte < this.bits.length && (this.bits[byte] & (1 << (id & 7))) !== 0;
    }
    return this.large.has(id);
  }

  add(id: number): void {
    if (id >= BITMAP_LIMIT) {
      this.large.add(id);
      return;
    }
    const byte = id >>> 3;
    if (byte >= this.bits.length) {
      let size = this.bits.length;
      while (size <= byte) size *= 2;
      const grown = new Uint8Array(size);
      grown.set(this.bits);
      this.bits = grown;
    }
    this.bits[byte] |= 1 << (id & 7);
  }
}
