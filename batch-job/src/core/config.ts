import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { ConfigError } from '../../../common/errors.js';
import { t } from '../../../common/i18n/index.js';
import { readChoice, readInteger, shown } from '../../../common/settings.js';
import { INPUT_ENCODINGS, type InputEncoding } from '../../../common/text-encoding.js';
import { DATE_ORDERS, LIMIT_SETTINGS, TABLES, type TableKey, type TableLimits, type TableSettingName } from '../../../common/tables/index.js';
import { SQLITE_KEYWORDS } from './sqlite-keywords.js';
import { RESERVED_NAMES, TOP_VIEW } from './warehouse-names.js';

/** Settings of the ETL, with their defaults. The same names are in .env.example and template.yaml. */
export const SETTINGS: Readonly<Record<'RENTAL_CAR_DB' | TableSettingName | 'AGGREGATE_TABLE' | 'AGGREGATE_EXPORT' | keyof typeof LIMIT_SETTINGS | InputLimitName | InputFormatName, string>> = Object.freeze({
  RENTAL_CAR_DB: 'rentas.db',
  // Each table's name setting comes from its declaration.
  ...(Object.fromEntries(TABLES.map((table) => [table.setting.name, table.setting.default])) as Record<TableSettingName, string>),
  AGGREGATE_TABLE: 'vehiculos_mas_reservados',
  // What a batch publishes of the aggregate (contract §6): auto, full or changes.
  AGGREGATE_EXPORT: 'auto',
  MAX_COSTO_TOTAL: String(LIMIT_SETTINGS.MAX_COSTO_TOTAL.fallback),
  MAX_RENTAL_DAYS: String(LIMIT_SETTINGS.MAX_RENTAL_DAYS.fallback),
  // Caps on one input file (contract §7): 20 GiB inflated, 200 inflated bytes per compressed byte.
  MAX_INFLATED_BYTES: String(20 * 2 ** 30),
  MAX_INFLATE_RATIO: '200',
  MAX_REJECTS_WRITTEN: '100000',
  // How input files are read (contract §7): their encoding, and the order of dates.
  INPUT_ENCODING: 'auto',
  DATE_ORDER: 'iso',
});
type InputLimitName = 'MAX_INFLATED_BYTES' | 'MAX_INFLATE_RATIO' | 'MAX_REJECTS_WRITTEN';
type InputFormatName = 'INPUT_ENCODING' | 'DATE_ORDER';
export type SettingName = keyof typeof SETTINGS;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
/** The ranking view, the ledger and the roll-ups: names no configured table may take. */
const FIXED_NAMES = new Set(RESERVED_NAMES);
const FILE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

export interface EtlConfig {
  /** File name of the SQLite warehouse (no folder). */
  readonly dbFile: string;
  /** SQL table names, checked against the identifier rule. */
  readonly tables: Readonly<Record<TableKey, string>>;
  readonly aggregateTable: string;
  /** The ranking view over the aggregate table. */
  readonly topView: string;
  /**
   * AGGREGATE_EXPORT (contract §6): `auto` publishes the whole aggregate after a full load and
   * its changes after an incremental one; `full` always the whole file (and the changes on the
   * incremental path); `changes` always the changes file.
   */
  readonly aggregateExport: AggregateExport;
  /**
   * Bounds of the row rules (MAX_COSTO_TOTAL, MAX_RENTAL_DAYS), bound into the table contracts,
   * and caps on what one input file may cost (contract §7).
   */
  readonly limits: TableLimits & InputLimits;
}

/** Caps on what one input file may cost (contract §7). */
export interface InputLimits {
  /** MAX_INFLATED_BYTES: most bytes a `.csv.gz` may inflate to. */
  readonly maxInflatedBytes: number;
  /** MAX_INFLATE_RATIO: most inflated bytes per compressed byte of a `.csv.gz`. */
  readonly maxInflateRatio: number;
  /** MAX_REJECTS_WRITTEN: rejected rows written per table; the rest are only counted. */
  readonly maxRejectsWritten: number;
  /** INPUT_ENCODING: how a file's bytes are read (contract §7). */
  readonly inputEncoding: InputEncoding;
}

function readInputLimits(env: Env): InputLimits {
  const cap = (name: InputLimitName, min: number) => readInteger(env, name, { min, max: Number.MAX_SAFE_INTEGER, fallback: Number(SETTINGS[name]) });
  return Object.freeze({
    maxInflatedBytes: cap('MAX_INFLATED_BYTES', 1),
    maxInflateRatio: cap('MAX_INFLATE_RATIO', 1),
    maxRejectsWritten: cap('MAX_REJECTS_WRITTEN', 0),
    inputEncoding: readChoice(env, 'INPUT_ENCODING', INPUT_ENCODINGS, 'auto'),
  });
}

type Env = Record<string, string | undefined>;

export const AGGREGATE_EXPORTS = ['auto', 'full', 'changes'] as const;
export type AggregateExport = (typeof AGGREGATE_EXPORTS)[number];

/**
 * Reads the settings once, at start, into a frozen object. A table name that is not a plain
 * SQL identifier, is an SQLite keyword, starts with `sqlite_` or is one of the warehouse's own
 * names is refused here: nothing later interpolates an unchecked name into SQL.
 */
export function loadConfig(env: Env = process.env): EtlConfig {
  const get = (name: SettingName): string => {
    const raw = env[name];
    return raw === undefined || raw.trim() === '' ? SETTINGS[name] : raw.trim();
  };
  const identifier = (name: SettingName): string => {
    const value = get(name);
    if (!IDENTIFIER.test(value)) {
      throw new ConfigError(t().settingNotIdentifier({ name, got: shown(value) }));
    }
    if (FIXED_NAMES.has(value.toLowerCase())) {
      throw new ConfigError(t().settingNameReserved({ name, got: JSON.stringify(value) }));
    }
    if (SQLITE_KEYWORDS.has(value.toUpperCase())) {
      throw new ConfigError(t().settingNameKeyword({ name, got: JSON.stringify(value) }));
    }
    if (value.toLowerCase().startsWith('sqlite_')) {
      throw new ConfigError(t().settingNameSqlite({ name, got: JSON.stringify(value) }));
    }
    return value;
  };
  const dbFile = get('RENTAL_CAR_DB');
  if (!FILE_NAME.test(dbFile) || dbFile.includes('..')) {
    throw new ConfigError(t().settingNotFileName({ name: 'RENTAL_CAR_DB', got: shown(dbFile) }));
  }
  const tables: Readonly<Record<TableKey, string>> = Object.freeze(
    Object.fromEntries(TABLES.map((table) => [table.key, identifier(table.setting.name)])) as Record<TableKey, string>,
  );
  const aggregateTable = identifier('AGGREGATE_TABLE');
  const names = [...Object.values(tables), aggregateTable];
  const seen = new Set<string>();
  for (const n of names) {
    const lower = n.toLowerCase();
    if (seen.has(lower)) throw new ConfigError(t().tableNamesRepeated({ got: JSON.stringify(n) }));
    seen.add(lower);
  }
  const limits = Object.freeze({
    maxCostoTotal: readInteger(env, 'MAX_COSTO_TOTAL', LIMIT_SETTINGS.MAX_COSTO_TOTAL),
    maxRentalDays: readInteger(env, 'MAX_RENTAL_DAYS', LIMIT_SETTINGS.MAX_RENTAL_DAYS),
    dateOrder: readChoice(env, 'DATE_ORDER', DATE_ORDERS, 'iso'),
    ...readInputLimits(env),
  });
  const aggregateExport = readChoice(env, 'AGGREGATE_EXPORT', AGGREGATE_EXPORTS, 'auto');
  return Object.freeze({ dbFile, tables, aggregateTable, topView: TOP_VIEW, aggregateExport, limits });
}

/**
 * Merges a .env file under the real environment (the environment wins), as dotenv does.
 * A missing file is not an error: the defaults apply.
 */
export function envWithDotenv(path = '.env', env: Env = process.env): Env {
  if (!existsSync(path)) return env;
  const fromFile = parseEnv(readFileSync(path, 'utf8'));
  return { ...fromFile, ...env };
}
