import type { Faker } from '@faker-js/faker';
import { BRANCH_KINDS, CITIES, COLORS, ESTADOS, FLEET, MODEL_YEARS } from './catalog.js';
import { csvLine, type CsvFileWriter } from './csv-file.js';
import { EmailMaker, personName, phoneNumber, streetAddress } from './people-and-places.js';

/** What the rentals need to know of the fleet: each vehicle's class and model year. */
export interface Fleet {
  /** Index into `FLEET`, by vehicle id - 1. */
  readonly classIndex: Uint8Array;
  readonly year: Uint16Array;
}

/** Model year the catalogue counts ages from: the sample describes the fleet at the end of 2025. */
const FLEET_AS_OF = 2026;
const MAX_KM = 250_000;

/** Writes `count` vehicles (ids 1..count) with type-consistent models, seats and mileage. */
export async function writeVehicles(faker: Faker, out: CsvFileWriter, count: number): Promise<Fleet> {
  const classIndex = new Uint8Array(count);
  const year = new Uint16Array(count);
  const classes = FLEET.map((c, i) => ({ weight: c.weight, value: i }));
  for (let i = 0; i < count; i++) {
    const k = faker.helpers.weightedArrayElement(classes);
    const cls = FLEET[k];
    const model = faker.helpers.arrayElement(cls.models);
    const anio = faker.helpers.weightedArrayElement(MODEL_YEARS);
    const age = FLEET_AS_OF - anio + faker.number.float({ min: 0.05, max: 1 });
    const perYear = faker.number.int({ min: 18_000, max: 38_000 });
    // Old cars saturate below the cap rather than piling up on it.
    const km = Math.min(Math.round(age * perYear), MAX_KM - faker.number.int({ min: 0, max: 20_000 }));
    const old = age > 10;
    const estado = faker.helpers.weightedArrayElement(
      ESTADOS.map((e) => ({ value: e.value, weight: old && e.value === 'Fuera de servicio' ? e.weight * 4 : e.weight })),
    );
    out.add(
      csvLine([
        i + 1,
        model.marca,
        model.modelo,
        anio,
        cls.type,
        faker.helpers.arrayElement(model.seats),
        faker.helpers.weightedArrayElement(COLORS),
        km,
        estado,
      ]),
    );
    classIndex[i] = k;
    year[i] = anio;
    if (out.full) await out.flush();
  }
  return { classIndex, year };
}

/**
 * Writes `count` branches (ids 1..count), cycling first through the cities' airports,
 * then their downtown offices, and so on. Returns each branch's relative demand.
 */
export async function writePoints(faker: Faker, out: CsvFileWriter, count: number): Promise<Float64Array> {
  const demand = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const city = CITIES[i % CITIES.length];
    const round = Math.floor(i / CITIES.length);
    const kind = BRANCH_KINDS[round % BRANCH_KINDS.length];
    const repeat = Math.floor(round / BRANCH_KINDS.length);
    const name = `Rentas ${city.short ?? city.name} ${kind.suffix}${repeat > 0 ? ` ${repeat + 1}` : ''}`;
    out.add(csvLine([i + 1, name, branchAddress(faker, kind.suffix, city), phoneNumber(faker, city), faker.helpers.arrayElement(kind.hours)]));
    demand[i] = city.weight * kind.weight;
    if (out.full) await out.flush();
  }
  return demand;
}

function branchAddress(faker: Faker, suffix: string, city: (typeof CITIES)[number]): string {
  const where = `${city.name}, ${city.state}`;
  switch (suffix) {
    case 'Aeropuerto':
      return `Aeropuerto Internacional de ${city.name}, Terminal ${faker.number.int({ min: 1, max: 2 })}, Local ${faker.number.int({ min: 1, max: 60 })}, ${where}`;
    case 'Terminal de Autobuses':
      return `Central de Autobuses, Local ${faker.number.int({ min: 1, max: 90 })}, ${where}`;
    case 'Centro':
      return streetAddress(faker, city, 'Centro');
    default:
      return streetAddress(faker, city);
  }
}

/** Writes `count` clients (ids 1..count) living in the catalogue's cities, weighted by size. */
export async function writeClients(faker: Faker, out: CsvFileWriter, count: number): Promise<void> {
  const emails = new EmailMaker(faker);
  const cities = CITIES.map((c) => ({ weight: c.weight, value: c }));
  for (let i = 0; i < count; i++) {
    const name = personName(faker);
    const city = faker.helpers.weightedArrayElement(cities);
    out.add(csvLine([i + 1, name.full, emails.make(name), phoneNumber(faker, city), streetAddress(faker, city)]));
    if (out.full) await out.flush();
  }
}
