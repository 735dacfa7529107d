import { BRANCH_KINDS, CITIES, COLORS, ESTADOS, FLEET, MODEL_YEARS, type City } from './catalog.js';
import { csvLine, type CsvFileWriter } from './csv-file.js';
import { EmailMaker, personName, phoneNumber, streetAddress, type NamePools } from './people-and-places.js';
import { WeightedChoice, type Rng } from './random.js';

/** What the rentals need to know of the fleet: each vehicle's class and model year. */
export interface Fleet {
  /** Index into `FLEET`, by vehicle id - 1. */
  readonly classIndex: Uint8Array;
  readonly year: Uint16Array;
}

/** Model year the catalogue counts ages from: the sample describes the fleet at the end of 2025. */
const FLEET_AS_OF = 2026;
const MAX_KM = 250_000;

const CLASSES = new WeightedChoice(FLEET.map((c, i) => ({ weight: c.weight, value: i })));
const YEARS = new WeightedChoice(MODEL_YEARS);
const PAINT = new WeightedChoice(COLORS);
const STATUS = new WeightedChoice(ESTADOS);
// Cars over ten years old are more often out of service.
const OLD_STATUS = new WeightedChoice(
  ESTADOS.map((e) => ({ value: e.value, weight: e.value === 'Fuera de servicio' ? e.weight * 4 : e.weight })),
);

/** The columns `writeVehicles` puts in each line, in that order. */
export const VEHICLE_FIELDS = ['id_vehiculo', 'marca', 'modelo', 'anio', 'tipo', 'capacidad', 'color', 'kilometraje', 'estado'] as const;

/** Writes `count` vehicles (ids 1..count) with type-consistent models, seats and mileage. */
export async function writeVehicles(rng: Rng, out: CsvFileWriter, count: number): Promise<Fleet> {
  const classIndex = new Uint8Array(count);
  const year = new Uint16Array(count);
  for (let i = 0; i < count; i++) {
    const k = CLASSES.pick(rng);
    const model = rng.pick(FLEET[k].models);
    const anio = YEARS.pick(rng);
    const age = FLEET_AS_OF - anio + 0.05 + 0.95 * rng.next();
    // Old cars saturate below the cap rather than piling up on it.
    const km = Math.min(Math.round(age * rng.int(18_000, 38_000)), MAX_KM - rng.int(0, 20_000));
    const estado = (age > 10 ? OLD_STATUS : STATUS).pick(rng);
    out.add(
      csvLine([i + 1, model.marca, model.modelo, anio, FLEET[k].type, rng.pick(model.seats), PAINT.pick(rng), km, estado]),
    );
    classIndex[i] = k;
    year[i] = anio;
    if (out.full) await out.flush();
  }
  return { classIndex, year };
}

/** The columns `writePoints` puts in each line, in that order. */
export const POINT_FIELDS = ['id_punto', 'nombre', 'direccion', 'telefono', 'horario_atencion'] as const;

/**
 * Writes `count` branches (ids 1..count), cycling first through the cities' airports,
 * then their downtown offices, and so on. Returns each branch's relative demand.
 */
export async function writePoints(rng: Rng, pools: NamePools, out: CsvFileWriter, count: number): Promise<Float64Array> {
  const demand = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const city = CITIES[i % CITIES.length];
    const round = Math.floor(i / CITIES.length);
    const kind = BRANCH_KINDS[round % BRANCH_KINDS.length];
    const repeat = Math.floor(round / BRANCH_KINDS.length);
    const name = `Rentas ${city.short ?? city.name} ${kind.suffix}${repeat > 0 ? ` ${repeat + 1}` : ''}`;
    out.add(csvLine([i + 1, name, branchAddress(rng, pools, kind.suffix, city), phoneNumber(rng, city), rng.pick(kind.hours)]));
    demand[i] = city.weight * kind.weight;
    if (out.full) await out.flush();
  }
  return demand;
}

function branchAddress(rng: Rng, pools: NamePools, suffix: string, city: City): string {
  const where = `${city.name}, ${city.state}`;
  switch (suffix) {
    case 'Aeropuerto':
      return `Aeropuerto Internacional de ${city.name}, Terminal ${rng.int(1, 2)}, Local ${rng.int(1, 60)}, ${where}`;
    case 'Terminal de Autobuses':
      return `Central de Autobuses, Local ${rng.int(1, 90)}, ${where}`;
    case 'Centro':
      return streetAddress(rng, pools, city, 'Centro');
    default:
      return streetAddress(rng, pools, city);
  }
}

const HOME_CITIES = new WeightedChoice(CITIES.map((c) => ({ weight: c.weight, value: c })));

/** The columns `writeClients` puts in each line, in that order. */
export const CLIENT_FIELDS = ['id_cliente', 'nombre', 'correo_electronico', 'telefono', 'direccion'] as const;

/** Writes `count` clients (ids `idOf(0..count-1)`, 1..count by default) living in the catalogue's cities, weighted by size. */
export async function writeClients(rng: Rng, pools: NamePools, out: CsvFileWriter, count: number, idOf = (i: number) => i + 1): Promise<void> {
  const emails = new EmailMaker();
  for (let i = 0; i < count; i++) {
    const name = personName(rng, pools);
    const city = HOME_CITIES.pick(rng);
    out.add(csvLine([idOf(i), name.full, emails.make(rng, name), phoneNumber(rng, city), streetAddress(rng, pools, city)]));
    if (out.full) await out.flush();
  }
}
