import { base, es, es_MX, Faker } from '@faker-js/faker';
import { mkdir } from 'node:fs/promises';
import { ErrorCode, EtlError } from '../../../common/errors.js';
import { t } from '../../../common/i18n/index.js';
import { SAMPLE_LAYOUTS, SAMPLE_TABLES, type SampleTable } from './columns.js';
import { CsvFileWriter } from './csv-file.js';
import { writeClients, writePoints, writeVehicles } from './dimensions.js';
import { namePools } from './people-and-places.js';
import { idMaker, type IdLayout } from './id-layout.js';
import { Rng } from './random.js';
import { writeRentals } from './rentals.js';

export { SAMPLE_COLUMNS, SAMPLE_TABLES, type SampleTable } from './columns.js';
export { ID_LAYOUTS, type IdLayout } from './id-layout.js';

export const DEFAULT_SEED = 42;

export interface SampleOptions {
  /** Folder to write into; created if missing. */
  out: string;
  rentals: number;
  /** Same seed, same bytes (for a given @faker-js/faker version). Default 42. */
  seed?: number;
  /** Write `<table>.csv.gz` instead of `<table>.csv`. */
  gzip?: boolean;
  /** Overrides of the sizes `sampleSizes()` derives from `rentals`. */
  vehicles?: number;
  clients?: number;
  points?: number;
  /**
   * How the ids of `rentas` and `clientes` are spread: `dense` (1..n, the default),
   * `sparse` (scattered over 1..2^40) or `high` (2^53-n .. 2^53-1). Other tables stay dense.
   */
  idLayout?: IdLayout;
}

export interface SampleResult {
  /** Path of each written file. */
  files: Record<SampleTable, string>;
  /** Data rows of each file (the header not counted). */
  rows: Record<SampleTable, number>;
}

/**
 * Row counts of a sample, scaled from the number of rentals: one vehicle per 100 rentals,
 * one client per 10, one point per 50 up to 200, with floors that keep small samples
 * varied. Explicit counts in `opts` win.
 */
export function sampleSizes(opts: Pick<SampleOptions, 'rentals' | 'vehicles' | 'clients' | 'points'>): Record<SampleTable, number> {
  const { rentals } = opts;
  return {
    vehiculos: opts.vehicles ?? Math.max(20, Math.round(rentals / 100)),
    puntos_renta: opts.points ?? Math.min(200, Math.max(8, Math.round(rentals / 50))),
    clientes: opts.clients ?? Math.max(50, Math.round(rentals / 10)),
    rentas: rentals,
  };
}

function check(name: string, value: number | undefined, min: number): void {
  if (value !== undefined && (!Number.isSafeInteger(value) || value < min)) {
    throw new EtlError(ErrorCode.USAGE, t().sampleOptionBad({ name, min, got: value }));
  }
}

/**
 * Writes the four input files of a batch (`vehiculos`, `puntos_renta`, `clientes`,
 * `rentas`) into `opts.out`: Mexican names, addresses and phones from faker's es_MX
 * locale, rentals with seasonal demand and skewed vehicle popularity. Files are
 * streamed, so memory stays flat however many rentals are asked for.
 */
export async function generateSample(opts: SampleOptions): Promise<SampleResult> {
  const seed = opts.seed ?? DEFAULT_SEED;
  check('rentals', opts.rentals, 0);
  check('seed', seed, 0);
  check('vehicles', opts.vehicles, 1);
  check('clients', opts.clients, 1);
  check('points', opts.points, 1);
  const rows = sampleSizes(opts);
  const gzip = opts.gzip ?? false;
  await mkdir(opts.out, { recursive: true });

  // An instance of our own: the seed of the shared `fakerES_MX` is global state.
  const faker = new Faker({ locale: [es_MX, es, base] });
  faker.seed([seed >>> 0, Math.floor(seed / 2 ** 32)]);
  const pools = namePools(faker);
  const files = {} as Record<SampleTable, string>;
  const write = async <T>(table: SampleTable, body: (out: CsvFileWriter, rng: Rng) => Promise<T>): Promise<T> => {
    const { header, trailer } = SAMPLE_LAYOUTS[table];
    const out = CsvFileWriter.open(opts.out, table, header, gzip, trailer);
    try {
      // Each table draws from its own stream: resizing one dimension leaves the other two unchanged.
      const result = await body(out, new Rng(seed, SAMPLE_TABLES.indexOf(table) + 1));
      await out.close();
      files[table] = out.path;
      return result;
    } catch (e) {
      await out.abort();
      throw e;
    }
  };

  const fleet = await write('vehiculos', (out, rng) => writeVehicles(rng, out, rows.vehiculos));
  const pointDemand = await write('puntos_renta', (out, rng) => writePoints(rng, pools, out, rows.puntos_renta));
  const layout = opts.idLayout ?? 'dense';
  const clientId = idMaker(layout, rows.clientes, seed ^ 0x636c69);
  const rentalId = idMaker(layout, rows.rentas, seed ^ 0x72656e);
  await write('clientes', (out, rng) => writeClients(rng, pools, out, rows.clientes, clientId));
  await write('rentas', (out, rng) =>
    writeRentals(out, { rentals: rows.rentas, fleet, pointDemand, clients: rows.clientes, clientId, rentalId }, rng),
  );
  return { files, rows };
}
