import type { Faker } from '@faker-js/faker';
import { COLONIAS, EMAIL_DOMAINS, type City } from './catalog.js';

const SPACES = /\s+/g;

/** Faker's es_MX patterns sometimes leave doubled or edge spaces; the contract would collapse them anyway. */
function tidy(text: string): string {
  return text.replace(SPACES, ' ').trim();
}

/**
 * A Mexican ten-digit number in international form: `+52 55 1234 5678` for the two-digit
 * area codes of CDMX, Guadalajara and Monterrey, `+52 998 123 4567` for the others.
 */
export function phoneNumber(faker: Faker, city: City): string {
  const localDigits = 10 - city.lada.length;
  const local = String(faker.number.int({ min: 2 * 10 ** (localDigits - 1), max: 10 ** localDigits - 1 }));
  const cut = localDigits - 4;
  return `+52 ${city.lada} ${local.slice(0, cut)} ${local.slice(cut)}`;
}

export function postcode(faker: Faker, city: City): string {
  return String(faker.number.int({ min: city.zip[0], max: city.zip[1] })).padStart(5, '0');
}

/** `Av. Juárez 1234 Int. 5, Col. Centro, Puebla, Puebla, C.P. 72000`: commas make it a quoted field. */
export function streetAddress(faker: Faker, city: City, colonia?: string): string {
  const street = tidy(faker.location.street());
  const number = faker.number.int({ min: 1, max: 4999 });
  const interior = faker.datatype.boolean(0.2) ? ` Int. ${faker.number.int({ min: 1, max: 40 })}` : '';
  const col = colonia ?? faker.helpers.arrayElement(COLONIAS);
  return `${street} ${number}${interior}, Col. ${col}, ${city.name}, ${city.state}, C.P. ${postcode(faker, city)}`;
}

// Nicknames people write into forms; they put double quotes in a few names.
const NICKNAMES: Readonly<Record<string, string>> = {
  José: 'Pepe',
  Francisco: 'Paco',
  Guillermo: 'Memo',
  Eduardo: 'Lalo',
  Jesús: 'Chuy',
  Alberto: 'Beto',
  Roberto: 'Beto',
  Ignacio: 'Nacho',
  Enrique: 'Quique',
  Guadalupe: 'Lupita',
  Patricia: 'Paty',
  Graciela: 'Chela',
  Concepción: 'Conchita',
};

export interface PersonName {
  readonly first: string;
  readonly surnames: string;
  /** As written in the file: `Ximena Nazario Calvillo`, now and then `José "Pepe" Ruiz Gómez`. */
  readonly full: string;
}

/** A given name and the two surnames Mexican records carry. */
export function personName(faker: Faker): PersonName {
  const first = tidy(faker.person.firstName());
  const surnames = tidy(faker.person.lastName());
  const nickname = NICKNAMES[first.split(' ')[0]];
  const full = nickname && faker.datatype.boolean(0.3) ? `${first} "${nickname}" ${surnames}` : `${first} ${surnames}`;
  return { first, surnames, full };
}

const PARTICLES = new Set(['de', 'del', 'la', 'las', 'los', 'y']);

function asciiWord(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
}

function firstWord(text: string): string {
  return asciiWord(text.split(' ').find((w) => !PARTICLES.has(w.toLowerCase())) ?? text) || 'cliente';
}

/**
 * Builds e-mail addresses from people's names, ASCII only, unique within one run
 * (a repeated one gets a counter). A few keep capitals, as people type them.
 */
export class EmailMaker {
  private readonly seen = new Map<string, number>();

  constructor(private readonly faker: Faker) {}

  make(name: PersonName): string {
    const f = this.faker;
    const first = firstWord(name.first);
    const last = firstWord(name.surnames);
    const year = f.number.int({ min: 60, max: 105 }) % 100;
    const local = f.helpers.weightedArrayElement([
      { weight: 5, value: `${first}.${last}` },
      { weight: 3, value: `${first}${last}${String(year).padStart(2, '0')}` },
      { weight: 2, value: `${first[0]}${last}` },
      { weight: 2, value: `${first}_${last}` },
      { weight: 1, value: `${last}.${first}` },
    ]);
    const domain = f.helpers.weightedArrayElement(EMAIL_DOMAINS);
    const base = `${local}@${domain}`;
    const count = (this.seen.get(base) ?? 0) + 1;
    this.seen.set(base, count);
    const address = count === 1 ? base : `${local}${count}@${domain}`;
    if (!f.datatype.boolean(0.05)) return address;
    const at = address.indexOf('@');
    const capitalised = address.slice(0, at).replace(/(^|[._])([a-z])/g, (_, p: string, c: string) => p + c.toUpperCase());
    return capitalised + address.slice(at);
  }
}
