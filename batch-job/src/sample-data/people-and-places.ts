import type { Faker } from '@faker-js/faker';
import { COLONIAS, EMAIL_DOMAINS, type City } from './catalog.js';
import { WeightedChoice, type Rng } from './random.js';

/**
 * Names and streets made by faker's es_MX locale, drawn once per run. Rows then combine
 * them with the fast `Rng`: faker costs ~20 µs a client, which would be most of a
 * million-rental run. 1 500 given names × 4 000 double surnames still give millions of
 * people, and a repeated full name now and then is what real client lists look like.
 */
export interface NamePools {
  readonly firstNames: readonly string[];
  readonly surnames: readonly string[];
  readonly streets: readonly string[];
}

const SPACES = /\s+/g;

/** Faker's es_MX patterns sometimes leave doubled or edge spaces; the contract would collapse them anyway. */
function tidy(text: string): string {
  return text.replace(SPACES, ' ').trim();
}

export function namePools(faker: Faker): NamePools {
  const draw = (n: number, make: () => string): string[] => Array.from({ length: n }, () => tidy(make()));
  return {
    firstNames: draw(1500, () => faker.person.firstName()),
    // es_MX last names are the pair of surnames ("Nazario Calvillo", "Puente de Lira").
    surnames: draw(4000, () => faker.person.lastName()),
    streets: draw(2000, () => faker.location.street()),
  };
}

/**
 * A Mexican ten-digit number in international form: `+52 55 1234 5678` for the two-digit
 * area codes of CDMX, Guadalajara and Monterrey, `+52 998 123 4567` for the others.
 */
export function phoneNumber(rng: Rng, city: City): string {
  const localDigits = 10 - city.lada.length;
  const local = String(rng.int(2 * 10 ** (localDigits - 1), 10 ** localDigits - 1));
  const cut = localDigits - 4;
  return `+52 ${city.lada} ${local.slice(0, cut)} ${local.slice(cut)}`;
}

/** `Av. Juárez 1234 Int. 5, Col. Centro, Puebla, Puebla, C.P. 72000`: commas make it a quoted field. */
export function streetAddress(rng: Rng, pools: NamePools, city: City, colonia?: string): string {
  const street = rng.pick(pools.streets);
  const number = rng.int(1, 4999);
  const interior = rng.chance(0.2) ? ` Int. ${rng.int(1, 40)}` : '';
  const col = colonia ?? rng.pick(COLONIAS);
  const zip = String(rng.int(city.zip[0], city.zip[1])).padStart(5, '0');
  return `${street} ${number}${interior}, Col. ${col}, ${city.name}, ${city.state}, C.P. ${zip}`;
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
export function personName(rng: Rng, pools: NamePools): PersonName {
  const first = rng.pick(pools.firstNames);
  const surnames = rng.pick(pools.surnames);
  const nickname = NICKNAMES[first.split(' ')[0]];
  const full = nickname && rng.chance(0.3) ? `${first} "${nickname}" ${surnames}` : `${first} ${surnames}`;
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

/** The first word that is not a particle, as ASCII: "de la Garza" gives "garza". */
function firstWord(text: string): string {
  return asciiWord(text.split(' ').find((w) => !PARTICLES.has(w.toLowerCase())) ?? text) || 'cliente';
}

const LOCAL_PARTS = new WeightedChoice<(first: string, last: string, rng: Rng) => string>([
  { weight: 5, value: (f, l) => `${f}.${l}` },
  { weight: 3, value: (f, l, rng) => `${f}${l}${String(rng.int(60, 105) % 100).padStart(2, '0')}` },
  { weight: 2, value: (f, l) => `${f[0]}${l}` },
  { weight: 2, value: (f, l) => `${f}_${l}` },
  { weight: 1, value: (f, l) => `${l}.${f}` },
]);
const DOMAINS = new WeightedChoice(EMAIL_DOMAINS);

/**
 * Builds e-mail addresses from people's names, ASCII only, unique within one run
 * (a repeated one gets a counter). A few keep capitals, as people type them.
 */
export class EmailMaker {
  /** Next counter to try for each base address. */
  private readonly next = new Map<string, number>();
  private readonly taken = new Set<string>();
  // Names come from small pools, and Unicode normalisation is the slow part.
  private readonly ascii = new Map<string, string>();

  make(rng: Rng, name: PersonName): string {
    const local = LOCAL_PARTS.pick(rng)(this.word(name.first), this.word(name.surnames), rng);
    const domain = DOMAINS.pick(rng);
    const base = `${local}@${domain}`;
    let n = this.next.get(base) ?? 1;
    let address = n === 1 ? base : `${local}${n}@${domain}`;
    while (this.taken.has(address)) address = `${local}${++n}@${domain}`;
    this.next.set(base, n + 1);
    this.taken.add(address);
    return rng.chance(0.05) ? address.replace(/(^|[._])([a-z])(?=[^@]*@)/g, (_, p: string, c: string) => p + c.toUpperCase()) : address;
  }

  private word(text: string): string {
    let w = this.ascii.get(text);
    if (w === undefined) {
      w = firstWord(text);
      this.ascii.set(text, w);
    }
    return w;
  }
}
