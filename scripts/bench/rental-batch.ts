import { createReadStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { BenchError } from './options.js';

const NEEDS_QUOTES = /[",\r\n]/;

function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * Splits one physical CSV line (RFC 4180 quoting). A quoted line break would leave a quote
 * open; the generator's rentals never hold one, so that is refused rather than handled.
 */
function splitLine(line: string, lineNo: number): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (line[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  if (quoted) throw new BenchError(`rentas.csv line ${lineNo}: a quoted field spans lines, which the batch writer does not take`);
  fields.push(field);
  return fields;
}

/**
 * Writes `<outDir>/rentas.csv` holding `count` NEW rentals with ids `firstId ..`: the
 * shapes (vehicle, points, client, dates, cost) of the data set's first rentals, so every
 * foreign key points at a row the warehouse already has. Only rentas.csv is written: the
 * dimension files of the batch are "missing", as in a daily rentals-only drop.
 */
export async function writeRentalBatch(dataDir: string, outDir: string, firstId: number, count: number): Promise<string> {
  const lines = createInterface({ input: createReadStream(join(dataDir, 'rentas.csv'), 'utf8'), crlfDelay: Infinity });
  let header: string[] | undefined;
  let idColumn = -1;
  const shapes: string[][] = [];
  let lineNo = 0;
  for await (const raw of lines) {
    lineNo++;
    const fields = splitLine(raw.replace(/^\uFEFF/, ''), lineNo);
    if (!header) {
      header = fields;
      idColumn = header.findIndex((c) => c.trim().toLowerCase() === 'id_renta');
      if (idColumn < 0) throw new BenchError(`${join(dataDir, 'rentas.csv')}: no id_renta column in the header`);
      continue;
    }
    if (raw.trim() !== '') shapes.push(fields);
    if (shapes.length >= count) break;
  }
  lines.close();
  if (!header || shapes.length === 0) throw new BenchError(`${join(dataDir, 'rentas.csv')}: no rentals to take shapes from`);

  let text = `${header.map(csvField).join(',')}\n`;
  for (let i = 0; i < count; i++) {
    const row = [...shapes[i % shapes.length]];
    row[idColumn] = String(firstId + i);
    text += `${row.map(csvField).join(',')}\n`;
  }
  await mkdir(outDir, { recursive: true });
  const path = join(outDir, 'rentas.csv');
  await writeFile(path, text);
  return path;
}
