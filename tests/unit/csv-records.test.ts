import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readRecords } from '../../batch-job/src/core/csv-records.js';
import type { LineEnd } from '../../common/csv-parser.js';
import { expectEtlError, tempDir } from '../helpers/etl.js';

async function read(content: string | Buffer, name = 'f.csv', lineEnd?: LineEnd) {
  const path = join(tempDir(), name);
  writeFileSync(path, content);
  const records: string[][] = [];
  const lines: number[] = [];
  for await (const b of readRecords(path, { lineEnd })) {
    records.push(...b.records);
    lines.push(...b.lines);
  }
  return { records, lines };
}

async function readError(content: string | Buffer, name = 'f.csv', lineEnd?: LineEnd): Promise<unknown> {
  try {
    await read(content, name, lineEnd);
  } catch (e) {
    return e;
  }
  throw new Error('expected the file to be rejected');
}

describe('readRecords', () => {
  it('drops a BOM, accepts CRLF and LF in one file, and numbers records by their first physical line', async () => {
    const { records, lines } = await read('\uFEFFa,b\r\n1,"x\r\ny"\r\n\r\n2,"say ""hi"", ok"\n3,4');
    expect(records).toEqual([['a', 'b'], ['1', 'x\r\ny'], ['2', 'say "hi", ok'], ['3', '4']]);
    expect(lines).toEqual([1, 2, 5, 6]);
  });

  it('reads a .csv.gz file like the plain one', async () => {
    const { records } = await read(gzipSync('a,b\n"1, uno",2\n'), 'f.csv.gz');
    expect(records).toEqual([['a', 'b'], ['1, uno', '2']]);
  });

  it('keeps records with a wrong number of fields for the row rule to reject', async () => {
    expect((await read('a,b\n1\n1,2,3\n')).records).toEqual([['a', 'b'], ['1'], ['1', '2', '3']]);
  });

  it('rejects an empty file', async () => {
    expectEtlError(await readError(''), 'FILE_EMPTY', 'f.csv is empty: expected a header row.');
  });

  it('rejects a Latin-1 file read as UTF-8 at the line of the bad byte', async () => {
    expectEtlError(await readError(Buffer.from('a,b\n1,caf\xe9\n', 'latin1')), 'FILE_NOT_UTF8', 'f.csv line 2: expected UTF-8 text', 2);
  });

  it('rejects random bytes read as UTF-8', async () => {
    const bytes = Buffer.alloc(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + 13) % 256;
    expect(await readError(bytes)).toBeDefined();
  });

  it('reads a file whose lines end in \\r alone, as its header decided, and rejects a \\n further on', async () => {
    const { records, lines } = await read('a,b\r1,"x\ry"\r\r2,3', 'f.csv', 'cr');
    expect(records).toEqual([['a', 'b'], ['1', 'x\ry'], ['2', '3']]);
    expect(lines).toEqual([1, 2, 5]);
    expectEtlError(
      await readError(`a,b\r${'1,2\r'.repeat(40_000)}3,4\n`, 'f.csv', 'cr'),
      'FILE_UNREADABLE',
      'f.csv line 40002: expected \\r line ends throughout, as on the header line, found a \\n (\\r alone ends a line only in a file that has no \\n at all).',
      40_002,
    );
  });

  it('rejects a quote that never closes', async () => {
    expectEtlError(await readError('a,b\n1,"open\n2,3\n'), 'FILE_UNREADABLE', 'never closes');
  });

  it('rejects a record longer than the limit instead of holding it in memory', async () => {
    expectEtlError(await readError(`a,b\n1,"${'x'.repeat((1 << 20) + 10)}"\n`), 'FILE_TOO_LARGE_RECORD', 'line 2');
  });

  it('rejects a file with more columns than the limit', async () => {
    expectEtlError(await readError(`${Array.from({ length: 1001 }, (_, i) => `c${i}`).join(',')}\n`), 'FILE_TOO_LARGE_RECORD', 'expected at most 1000 columns, found more');
  });
});
