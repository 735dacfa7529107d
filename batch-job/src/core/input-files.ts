import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { EtlError, ErrorCode } from '../../../common/errors.js';
import { t } from '../../../common/i18n/index.js';
import type { TableKey } from '../../../common/manifest.js';
import { chooseTableFiles, type TableContract } from '../../../common/tables/index.js';

export interface InputFile {
  readonly path: string;
  readonly name: string;
  readonly warnings: string[];
}

/**
 * Finds each table's file in a batch folder (`vehiculos.csv` or `vehiculos.csv.gz`, any case),
 * by the rule of `chooseTableFiles`, which the upload check shares. Other files are not the
 * pipeline's and are left alone.
 */
export function findInputFiles(dir: string, contracts: readonly TableContract[]): Map<TableKey, InputFile> {
  let names: string[];
  try {
    // A file that is not a folder fails here too (ENOTDIR).
    names = readdirSync(dir);
  } catch (cause) {
    throw new EtlError(ErrorCode.USAGE, t().inputNotFolder({ dir }), {}, { cause });
  }
  const found = new Map<TableKey, InputFile>();
  const choices = chooseTableFiles(names);
  for (const contract of contracts) {
    const choice = choices.get(contract.key);
    if (!choice) continue;
    const { chosen, others } = choice;
    const warnings = others.length > 0 ? [t().inputOthersIgnored({ others, chosen, table: contract.key })] : [];
    found.set(contract.key, { path: join(dir, chosen), name: chosen, warnings });
  }
  return found;
}
