import type { TableContract } from '../../../common/tables/contract.js';

// The aggregate's groups (vehicle, pickup point, return point, month) summed in memory from
// the rentals as they are loaded (by the parser thread when there is one, which hands them to
// the loading thread in shared memory), so a full rebuild needs no GROUP BY over the whole
// rentas table afterwards (the sort of every rental was most of its cost). Memory stays small: each group
// is one packed key and three sums in typed arrays, in pages that never move; ids and months
// live once each in dictionaries. Whatever cannot be packed (more vehicles, points or months
// than the key has room for) or was not seen whole makes the groups unusable, and the
// aggregate is then built in SQL as before.

const VEHICLE_BITS = 2 ** 21;
const POINT_BITS = 2 ** 12;
const MONTH_BITS = 2 ** 8;
const PAGE = 1 << 16;

/** Groups in pages of 64 K, each page a `SharedArrayBuffer`: their packed keys and their sums. */
interface GroupPages {
  readonly count: number;
  readonly keys: readonly Float64Array[];
  readonly rentals: readonly Uint32Array[];
  readonly seconds: readonly Float64Array[];
  readonly cents: readonly Float64Array[];
}

/**
 * The groups in the aggregate's key order (vehicle id, pickup id, return id, month), in memory
 * that a worker thread can read too: every array is a view of a `SharedArrayBuffer`, so posting
 * the table copies none of it. Each page holds 64 K groups: the key packed from the ranks of
 * its ids and month in `vehicles`, `points` and `months` (each sorted), and the sums. Read it
 * with a `GroupCursor`.
 */
export interface GroupTable extends GroupPages {
  /** Group numbers in key order. */
  readonly order: Uint32Array;
  readonly vehicles: readonly number[];
  readonly points: readonly number[];
  readonly months: readonly string[];
}

/** Reads a `GroupTable` in key order, one group at a time, into its own fields (no object per group). */
export class GroupCursor {
  vehicle = 0;
  pickup = 0;
  dropoff = 0;
  month = '';
  rentals = 0;
  seconds = 0;
  cents = 0;
  private at = 0;
  private readonly np: number;
  private readonly nm: number;

  constructor(private readonly table: GroupTable) {
    this.np = table.points.length;
    this.nm = table.months.length;
  }

  /** Moves to the next group; false after the last. */
  next(): boolean {
    const t = this.table;
    if (this.at >= t.count) return false;
    const g = t.order[this.at++];
    const page = g >>> 16;
    const i = g & (PAGE - 1);
    const key = t.keys[page][i];
    const { np, nm } = this;
    this.vehicle = t.vehicles[Math.floor(key / (nm * np * np))];
    this.pickup = t.points[Math.floor(key / (nm * np)) % np];
    this.dropoff = t.points[Math.floor(key / nm) % np];
    this.month = t.months[key % nm];
    this.rentals = t.rentals[page][i];
    this.seconds = t.seconds[page][i];
    this.cents = t.cents[page][i];
    return true;
  }
}

/**
 * The groups of a complete `RentalGroups`, as the parser thread that summed them posts them to
 * the thread that loads the rows: the pages are shared memory, so posting copies only the
 * dictionaries.
 */
export interface CollectedGroups extends GroupPages {
  readonly vehicleIds: readonly number[];
  readonly pointIds: readonly number[];
  readonly monthTexts: readonly string[];
}

/** Where the grouped columns sit in a row of stored values. */
interface Columns {
  readonly vehicle: number;
  readonly pickup: number;
  readonly dropoff: number;
  readonly start: number;
  readonly seconds: number;
  readonly cents: number;
  readonly width: number;
}

export class RentalGroups {
  private readonly columns: Columns | undefined;
  private state: 'empty' | 'feeding' | 'complete' | 'unusable' = 'empty';
  private readonly vehicles = new IdIndex();
  private readonly points = new IdIndex();
  /** Months by the number their `YYYY-MM` digits spell (no string made per row). */
  private readonly months = new Map<number, number>();
  private vehicleIds: number[] = [];
  private pointIds: number[] = [];
  private monthTexts: string[] = [];
  private count = 0;
  private slots = new Int32Array(PAGE).fill(-1);
  private readonly keys: Float64Array[] = [];
  private readonly rentals: Uint32Array[] = [];
  private readonly seconds: Float64Array[] = [];
  private readonly cents: Float64Array[] = [];

  /** Groups the rows of `contract`'s table (its stored columns must include the grouped ones). */
  constructor(contract: TableContract) {
    const at = (name: string) => contract.storedColumns.findIndex((c) => c.name === name);
    const columns = {
      vehicle: at('id_vehiculo'),
      pickup: at('id_punto_salida'),
      dropoff: at('id_punto_retorno'),
      start: at('fecha_inicio'),
      seconds: at('duracion_segundos'),
      cents: at('costo_centavos'),
      width: contract.storedColumns.length,
    };
    this.columns = Object.values(columns).every((i) => i >= 0) ? columns : undefined;
    if (!this.columns) this.state = 'unusable';
  }

  /** Whether every rental of the table went through `add` and fitted: then `ordered()` is the whole aggregate. */
  get usable(): boolean {
    return this.state === 'complete';
  }

  /** The groups summed, once `complete`; undefined if they are unusable. */
  collected(): CollectedGroups | undefined {
    if (this.state !== 'complete') return undefined;
    const { count, keys, rentals, seconds, cents, vehicleIds, pointIds, monthTexts } = this;
    return { count, keys, rentals, seconds, cents, vehicleIds, pointIds, monthTexts };
  }

  /**
   * Takes the groups summed elsewhere (the parser thread) over exactly the rows loaded into the
   * (empty at the start) table, as complete; undefined (none were summed) gives up on them.
   */
  adopt(groups: CollectedGroups | undefined): void {
    if (groups === undefined || this.state !== 'empty') {
      this.giveUp();
      return;
    }
    this.count = groups.count;
    this.keys.push(...groups.keys);
    this.rentals.push(...groups.rentals);
    this.seconds.push(...groups.seconds);
    this.cents.push(...groups.cents);
    // Assigned, not pushed: a spread of a million ids would overflow the call's arguments.
    this.vehicleIds = [...groups.vehicleIds];
    this.pointIds = [...groups.pointIds];
    this.monthTexts = [...groups.monthTexts];
    this.state = 'complete';
    this.slots = new Int32Array(0);
  }

  /** Adds the flattened rows just inserted into the (empty at the start) table. */
  add(values: readonly (string | number | null)[]): void {
    if (this.state === 'unusable' || this.state === 'complete') {
      this.state = 'unusable';
      return;
    }
    this.state = 'feeding';
    const c = this.columns!;
    for (let at = 0; at < values.length; at += c.width) {
      const start = values[at + c.start];
      const v = this.vehicles.of(values[at + c.vehicle] as number, this.vehicleIds, VEHICLE_BITS);
      const s = this.points.of(values[at + c.pickup] as number, this.pointIds, POINT_BITS);
      const r = this.points.of(values[at + c.dropoff] as number, this.pointIds, POINT_BITS);
      const m = typeof start === 'string' ? this.month(start) : -1;
      if (v < 0 || s < 0 || r < 0 || m < 0) {
        this.giveUp();
        return;
      }
      const g = this.group(((v * POINT_BITS + s) * POINT_BITS + r) * MONTH_BITS + m);
      const page = g >>> 16;
      const i = g & (PAGE - 1);
      this.rentals[page][i]++;
      this.seconds[page][i] += (values[at + c.seconds] as number | null) ?? 0;
      this.cents[page][i] += (values[at + c.cents] as number | null) ?? 0;
    }
  }

  /** The table was loaded whole through `add` (or not at all, if it was empty and stayed so). */
  complete(): void {
    if (this.state === 'unusable') return;
    this.state = 'complete';
    // No group is added any more: only the sums are read, in key order.
    this.slots = new Int32Array(0);
  }

  /** Some rentals did not go through `add` (a table not empty, a load rolled back): only SQL can tell. */
  giveUp(): void {
    this.state = 'unusable';
    this.vehicles.clear();
    this.points.clear();
    this.months.clear();
    this.slots = new Int32Array(0);
    for (const list of [this.keys, this.rentals, this.seconds, this.cents]) list.length = 0;
    this.vehicleIds = [];
    this.pointIds = [];
    this.monthTexts = [];
    this.count = 0;
  }

  /**
   * The groups in the aggregate's key order, once: each packed key is replaced in place by the
   * same packing of its ids' and month's ranks, which sorts as they do (the product of the
   * counts is below 2^53), and the group numbers are sorted by it: by vehicle in one counting
   * pass, then within each vehicle (a comparison sort of all 2.5 M groups at once took seconds;
   * counting passes over every digit needed a second array of them at the memory peak). The
   * groups are given up here: the table owns the memory from now on.
   */
  ordered(): GroupTable {
    if (this.state !== 'complete') throw new Error('The rental groups are not complete.');
    const rank = <T extends number | string>(values: readonly T[]) => {
      const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const ranks = new Map(sorted.map((v, r) => [v, r]));
      return { sorted, of: values.map((v) => ranks.get(v)!) };
    };
    const [vehicles, points, months] = [rank(this.vehicleIds), rank(this.pointIds), rank(this.monthTexts)];
    const [nv, np, nm] = [vehicles.sorted.length, points.sorted.length, months.sorted.length];
    for (let g = 0; g < this.count; g++) {
      const keys = this.keys[g >>> 16];
      const key = keys[g & (PAGE - 1)];
      const m = key % MONTH_BITS;
      const r = Math.floor(key / MONTH_BITS) % POINT_BITS;
      const s = Math.floor(key / (MONTH_BITS * POINT_BITS)) % POINT_BITS;
      const v = Math.floor(key / (MONTH_BITS * POINT_BITS * POINT_BITS));
      keys[g & (PAGE - 1)] = ((vehicles.of[v] * np + points.of[s]) * np + points.of[r]) * nm + months.of[m];
    }
    const keyOf = (g: number) => this.keys[g >>> 16][g & (PAGE - 1)];
    // By vehicle with one counting pass straight into the shared array (the group numbers are
    // its input, so no second array of them), then each vehicle's few groups by the rest of the key.
    const order = new Uint32Array(shared(this.count * 4));
    const rest = nm * np * np;
    const starts = new Uint32Array(nv + 1);
    for (let g = 0; g < this.count; g++) starts[Math.floor(keyOf(g) / rest) + 1]++;
    for (let v = 0; v < nv; v++) starts[v + 1] += starts[v];
    const next = starts.slice(0, nv);
    for (let g = 0; g < this.count; g++) order[next[Math.floor(keyOf(g) / rest)]++] = g;
    const byKey = (a: number, b: number) => keyOf(a) - keyOf(b);
    for (let v = 0; v < nv; v++) if (starts[v + 1] - starts[v] > 1) order.subarray(starts[v], starts[v + 1]).sort(byKey);
    const table: GroupTable = {
      count: this.count,
      order,
      keys: [...this.keys],
      rentals: [...this.rentals],
      seconds: [...this.seconds],
      cents: [...this.cents],
      vehicles: vehicles.sorted,
      points: points.sorted,
      months: months.sorted,
    };
    this.giveUp();
    return table;
  }

  /** The month's small index, from the `YYYY-MM` a stored date starts with; -1 when the dictionary is full or the text is not such a date. */
  private month(start: string): number {
    let code = 0;
    for (let i = 0; i < 7; i++) {
      const c = start.charCodeAt(i);
      if (i === 4) {
        if (c !== 45) return -1;
      } else if (c >= 48 && c <= 57) {
        code = code * 10 + (c - 48);
      } else {
        return -1;
      }
    }
    let m = this.months.get(code);
    if (m === undefined) {
      if (this.monthTexts.length >= MONTH_BITS) return -1;
      m = this.monthTexts.length;
      this.months.set(code, m);
      this.monthTexts.push(start.slice(0, 7));
    }
    return m;
  }

  /** The group of a packed key, added when new (open addressing over `slots`). */
  private group(key: number): number {
    const mask = this.slots.length - 1;
    let slot = hash(key) & mask;
    for (;;) {
      const g = this.slots[slot];
      if (g === -1) break;
      if (this.keys[g >>> 16][g & (PAGE - 1)] === key) return g;
      slot = (slot + 1) & mask;
    }
    const g = this.count++;
    if ((g & (PAGE - 1)) === 0) {
      this.keys.push(new Float64Array(shared(PAGE * 8)));
      this.rentals.push(new Uint32Array(shared(PAGE * 4)));
      this.seconds.push(new Float64Array(shared(PAGE * 8)));
      this.cents.push(new Float64Array(shared(PAGE * 8)));
    }
    this.keys[g >>> 16][g & (PAGE - 1)] = key;
    this.slots[slot] = g;
    if (this.count * 4 > this.slots.length * 3) this.grow();
    return g;
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let g = 0; g < this.count; g++) {
      let slot = hash(this.keys[g >>> 16][g & (PAGE - 1)]) & mask;
      while (slots[slot] !== -1) slot = (slot + 1) & mask;
      slots[slot] = g;
    }
    this.slots = slots;
  }
}

function shared(bytes: number): SharedArrayBuffer {
  return new SharedArrayBuffer(bytes);
}

/** Ids below this are indexed through a table (4 bytes an id up to the largest seen), others through a Map. */
const DIRECT_IDS = 1 << 20;

/** The small indexes of ids, in the order first seen (a row's two points share one). */
class IdIndex {
  /** Index + 1 by id, 0 when not seen. */
  private direct = new Int32Array(0);
  private readonly other = new Map<number, number>();

  /** The id's index, added to `list` when new; -1 when `list` already holds `limit` ids. */
  of(id: number, list: number[], limit: number): number {
    const small = id < DIRECT_IDS && Number.isInteger(id) && id >= 0;
    const known = small ? (id < this.direct.length ? this.direct[id] - 1 : -1) : (this.other.get(id) ?? -1);
    if (known >= 0) return known;
    if (list.length >= limit) return -1;
    const i = list.length;
    list.push(id);
    if (!small) {
      this.other.set(id, i);
    } else {
      if (id >= this.direct.length) {
        const grown = new Int32Array(Math.min(DIRECT_IDS, Math.max(id + 1, this.direct.length * 2, 1024)));
        grown.set(this.direct);
        this.direct = grown;
      }
      this.direct[id] = i + 1;
    }
    return i;
  }

  clear(): void {
    this.direct = new Int32Array(0);
    this.other.clear();
  }
}

/** Mixes a packed key (an integer below 2^53) into 32 bits. */
function hash(key: number): number {
  let h = Math.imul((key % 0x100000000) | 0, 0x9e3779b1) ^ Math.imul(Math.floor(key / 0x100000000) | 0, 0x85ebca6b);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 12);
}
