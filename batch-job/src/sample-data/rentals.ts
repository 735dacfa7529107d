import { ClockFormatter, DAY_SECONDS, dayWeights, secondsAt, spread } from './calendar.js';
import { FLEET } from './catalog.js';
import type { CsvFileWriter } from './csv-file.js';
import type { Fleet } from './dimensions.js';
import { AliasTable, type Rng } from './random.js';

export interface RentalPlan {
  readonly rentals: number;
  readonly fleet: Fleet;
  /** Relative demand of each point, by id - 1. */
  readonly pointDemand: Float64Array;
  readonly clients: number;
  /** Id of the client of index i (1..clients by default). */
  readonly clientId?: (index: number) => number;
  /** Id of the i-th rental written (1..rentals by default). */
  readonly rentalId?: (index: number) => number;
}

const ONE_WAY_SHARE = 0.15;
/** Cleaning and inspection between two rentals of the same vehicle. */
const TURNAROUND_SECONDS = 2 * 3600;
/** Draws of a popular vehicle before settling for the one free soonest. */
const VEHICLE_TRIES = 6;
/** Bound on the search for any free vehicle, so an overbooked fleet stays fast. */
const MAX_SCAN = 4096;
/** Pickup hour of day (0-23): offices open early, the afternoon is busiest. */
const PICKUP_HOURS = [0, 0, 0, 0, 0, 0, 2, 4, 7, 9, 10, 10, 9, 8, 8, 8, 8, 7, 6, 5, 3, 2, 1, 0.3];
/** Rentals of 1..7 days: long weekends and whole weeks stand out. */
const DAYS_1_TO_7 = [14, 18, 20, 15, 12, 8, 13];

/** The columns `writeRentals` puts in each line, in that order. */
export const RENTAL_FIELDS = ['id_renta', 'id_vehiculo', 'id_punto_salida', 'id_punto_retorno', 'id_cliente', 'fecha_inicio', 'fecha_fin', 'costo_total'] as const;

const CENTS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

/**
 * Writes `rentas` rows in pickup order (ids grow with `fecha_inicio`, as in a booking
 * system, unless `plan.rentalId` scatters them). No faker here: one seeded `Rng`, alias tables for the skewed choices and
 * precomputed date strings keep a row at about a microsecond.
 */
export async function writeRentals(out: CsvFileWriter, plan: RentalPlan, rng: Rng): Promise<void> {
  const { fleet } = plan;
  const vehicles = new AliasTable(vehicleDemand(fleet, rng));
  const points = new AliasTable(plan.pointDemand);
  const clients = new AliasTable(Float64Array.from({ length: plan.clients }, () => Math.exp(0.9 * rng.gaussian())));
  const hours = new AliasTable(PICKUP_HOURS);
  const shortDays = new AliasTable(DAYS_1_TO_7);
  const rate = Float64Array.from(fleet.classIndex, (k) => FLEET[k].dailyRate);
  const busyUntil = firstAvailable(fleet, rng);
  const clock = new ClockFormatter();
  const perDay = spread(plan.rentals, dayWeights());
  const starts = new Int32Array(Math.max(...perDay, 0));
  const nPoints = points.size;
  // Cars are where they were last returned: a rental starts at its car's point, and a
  // one-way rental moves the car. A fleet is based at branches, so a vehicle's rentals
  // concentrate on few (pickup, return) pairs, as in a real rental company's data.
  const location = Int32Array.from(fleet.classIndex, () => points.sample(rng));
  const clientId = plan.clientId ?? ((i: number) => i + 1);
  const rentalId = plan.rentalId ?? ((i: number) => i + 1);
  let written = 0;

  for (let day = 0; day < perDay.length; day++) {
    const k = perDay[day];
    for (let j = 0; j < k; j++) starts[j] = day * DAY_SECONDS + hours.sample(rng) * 3600 + rng.int(0, 3599);
    const today = starts.subarray(0, k).sort();
    for (let j = 0; j < k; j++) {
      const start = today[j];
      const vehicle = freeVehicle(vehicles, busyUntil, start, rng);
      const pickup = location[vehicle];
      let dropoff = pickup;
      if (nPoints > 1 && rng.next() < ONE_WAY_SHARE) {
        for (let tries = 0; dropoff === pickup && tries < 8; tries++) dropoff = points.sample(rng);
        if (dropoff === pickup) dropoff = (pickup + 1) % nPoints;
      }
      location[vehicle] = dropoff;
      const seconds = duration(rng, shortDays);
      const end = Math.min(start + seconds, clock.limit);
      busyUntil[vehicle] = end + TURNAROUND_SECONDS;
      const client = clients.sample(rng);
      const billedDays = Math.max((end - start) / DAY_SECONDS, 0.25);
      const cents = Math.round(rate[vehicle] * billedDays * (0.9 + 0.2 * rng.next()) * 100);
      out.add(
        `${rentalId(written++)},${vehicle + 1},${pickup + 1},${dropoff + 1},${clientId(client)},${clock.format(start)},${clock.format(end)},${Math.floor(cents / 100)}.${CENTS[cents % 100]}\n`,
      );
      if (out.full) await out.flush();
    }
  }
}

/** Per-vehicle demand: the class's appeal times a log-normal "this one gets booked" factor. */
function vehicleDemand(fleet: Fleet, rng: Rng): Float64Array {
  return Float64Array.from(fleet.classIndex, (k) => FLEET[k].demand * Math.exp(0.8 * rng.gaussian()));
}

/** A model year reaches the fleet from July of the year before, within six months. */
function firstAvailable(fleet: Fleet, rng: Rng): Float64Array {
  return Float64Array.from(fleet.year, (y) => secondsAt(y - 1, 7, 1) + rng.int(0, 180) * DAY_SECONDS);
}

/** Seconds: 7 % same-day, 78 % one to seven days, 12 % up to two weeks, 3 % up to four. */
function duration(rng: Rng, shortDays: AliasTable): number {
  const u = rng.next();
  if (u < 0.07) return rng.int(3 * 3600, 12 * 3600);
  const days = u < 0.85 ? shortDays.sample(rng) + 1 : u < 0.97 ? rng.int(8, 14) : rng.int(15, 28);
  // The car comes back at another hour than it left.
  return days * DAY_SECONDS + rng.int(-3 * 3600, 5 * 3600);
}

/**
 * A vehicle that is free at `start`, popular ones first. When the draws only find busy
 * cars (high season: the popular ones are all out), any free car will do, looked for
 * from a random place; a car is out twice at once only when the fleet is too small for
 * the demand (a `--vehicles` override), and then the one free soonest is taken.
 */
function freeVehicle(vehicles: AliasTable, busyUntil: Float64Array, start: number, rng: Rng): number {
  let best = -1;
  for (let tries = 0; tries < VEHICLE_TRIES; tries++) {
    const v = vehicles.sample(rng);
    if (busyUntil[v] <= start) return v;
    if (best < 0 || busyUntil[v] < busyUntil[best]) best = v;
  }
  const n = busyUntil.length;
  const from = rng.int(0, n - 1);
  for (let i = 0, v = from; i < Math.min(n, MAX_SCAN); i++, v = v + 1 === n ? 0 : v + 1) {
    if (busyUntil[v] <= start) return v;
    if (busyUntil[v] < busyUntil[best]) best = v;
  }
  return best;
}
