import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CsvParser, type LineEnd } from '../../common/csv-parser.js';
import { EtlError } from '../../common/errors.js';

const LIMITS = { maxRecordChars: 1 << 20, maxFields: 1000 };

/** Parses `text` fed in pieces of the given sizes (cycled), as the file reader does. */
function parseInPieces(text: string, sizes: number[], lineEnd: LineEnd = 'lf') {
  const parser = new CsvParser(LIMITS, lineEnd);
  const records: string[][] = [];
  const lines: number[] = [];
  let at = 0;
  for (let k = 0; at < text.length; k++) {
    const size = sizes[k % sizes.length];
    parser.push(text.slice(at, at + size), records, lines);
    at += size;
  }
  parser.push('', records, lines, true);
  return { records, lines };
}

/** The reference: csv-parse with the options the ETL used before this parser. */
function reference(text: string, lineEnd: LineEnd = 'lf') {
  const lines: number[] = [];
  const next = 1;
  const records = parse(text, {
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    record_delimiter: lineEnd === 'cr' ? ['\r'] : ['\r\n', '\n'],
    on_record: (record: string[]) => {
      lines.push(next);
      return record;
    },
  });
  return { records, lines };
}

/** Physical start lines computed independently: count line ends before each record. */
function expectedLines(text: string, records: readonly unknown[], lineEnd: LineEnd = 'lf'): number[] {
  const eol = lineEnd === 'cr' ? '\r' : '\n';
  const out: number[] = [];
  let line = 1;
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (let r = 0; r < records.length; r++) {
    // Skip blank lines.
    while (text.startsWith(eol, at) || (eol === '\n' && text.startsWith('\r\n', at))) {
      at += text.startsWith(eol, at) ? 1 : 2;
      line++;
    }
    out.push(line);
    // Advance over this record by scanning the source with quote awareness.
    let quoted = false;
    for (; at < text.length; at++) {
      const c = text[at];
      if (c === '"') quoted = !quoted;
      else if (c === eol) {
        line++;
        if (!quoted) {
          at++;
          break;
        }
      }
    }
  }
  return out;
}

function randomCsv(seed: number): string {
  let x = seed;
  const rnd = (n: number) => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % n;
  };
  const pieces = ['a', 'Méx', 'ñ', ' ', '1', '2.5', '', 'x y'];
  const field = () => {
    const kind = rnd(6);
    const text = Array.from({ length: rnd(4) }, () => pieces[rnd(pieces.length)]).join('');
    if (kind === 0) return `"${(text + ', "q" \n' + text).replace(/"/g, '""')}"`;
    if (kind === 1) return `"${text}\r\n${text}"`;
    if (kind === 2) return `"${text}"`;
    return text;
  };
  const rows = Array.from({ length: 1 + rnd(30) }, () => Array.from({ length: 1 + rnd(5) }, field).join(','));
  const ends = ['\n', '\r\n'];
  let out = rnd(3) === 0 ? '\uFEFF' : '';
  for (const row of rows) {
    out += (row === '' ? 'z' : row) + ends[rnd(2)];
    if (rnd(8) === 0) out += ends[rnd(2)];
  }
  return rnd(2) === 0 ? out : out.replace(/\r?\n$/, '');
}

describe('CsvParser', () => {
  it('agrees with csv-parse on random RFC 4180 text fed in random pieces', () => {
    const seen = { multiLine: 0, crlf: 0, blank: 0, bom: 0, doubledQuote: 0 };
    for (let seed = 1; seed <= 400; seed++) {
      const text = randomCsv(seed);
      const ref = reference(text);
      seen.multiLine += ref.records.flat().filter((f) => f.includes('\n')).length;
      seen.crlf += text.includes('\r\n') ? 1 : 0;
      seen.blank += /\n\r?\n/.test(text) ? 1 : 0;
      seen.bom += text.startsWith('\uFEFF') ? 1 : 0;
      seen.doubledQuote += text.includes('""') ? 1 : 0;
      for (const sizes of [[text.length + 1], [1], [2, 3, 7], [64, 5]]) {
        const got = parseInPieces(text, sizes);
        expect(got.records, `seed ${seed}, pieces ${sizes.join(',')}`).toEqual(ref.records);
        expect(got.lines, `seed ${seed}, pieces ${sizes.join(',')}`).toEqual(expectedLines(text, ref.records));
      }
    }
    for (const [feature, count] of Object.entries(seen)) expect(count, feature).toBeGreaterThan(20);
  });

  it('agrees with csv-parse on random text whose lines end in \\r alone', () => {
    let multiLine = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const text = randomCsv(seed).replace(/\r?\n/g, '\r');
      const ref = reference(text, 'cr');
      multiLine += ref.records.flat().filter((f) => f.includes('\r')).length;
      for (const sizes of [[text.length + 1], [1], [2, 3, 7]]) {
        const got = parseInPieces(text, sizes, 'cr');
        expect(got.records, `seed ${seed}, pieces ${sizes.join(',')}`).toEqual(ref.records);
        expect(got.lines, `seed ${seed}, pieces ${sizes.join(',')}`).toEqual(expectedLines(text, ref.records, 'cr'));
      }
    }
    expect(multiLine).toBeGreaterThan(20);
  });

  it('refuses a \\n in a file read with \\r line ends, at the line it is on', () => {
    const parser = new CsvParser(LIMITS, 'cr');
    parser.push('a,b\r1,2\r', [], []);
    expect(() => parser.push('"x\ry",3\r4,5\n', [], [])).toThrow(expect.objectContaining({ code: 'CSV_MIXED_LINE_ENDS', line: 5 }));
  });

  it('numbers records by the physical line they start on', () => {
    expect(parseInPieces('h1,h2\r\n"a\r\nb",c\n\n\r\nd,"e\n\nf"\ng,h', [3])).toEqual({
      records: [['h1', 'h2'], ['a\r\nb', 'c'], ['d', 'e\n\nf'], ['g', 'h']],
      lines: [1, 2, 6, 9],
    });
  });

  it('keeps a quote inside an unquoted field and a bare CR as text', () => {
    expect(parseInPieces('5" rim,a\rb\n', [4]).records).toEqual([['5" rim', 'a\rb']]);
  });

  it('refuses a quote that never closes, text after a closing quote, and oversize records', () => {
    const fail = (text: string, limits = LIMITS) => {
      try {
        const p = new CsvParser(limits);
        p.push(text, [], []);
        p.push('', [], [], true);
      } catch (e) {
        return e as EtlError;
      }
      throw new Error('expected a syntax error');
    };
    expect(fail('a,b\n1,"open\n2,3\n')).toMatchObject({ code: 'CSV_UNCLOSED_QUOTE', line: 2 });
    expect(fail('a,"b"c\n')).toMatchObject({ code: 'CSV_TEXT_AFTER_QUOTE', line: 1 });
    expect(fail(`a,${'x'.repeat(50)}`, { maxRecordChars: 20, maxFields: 10 })).toMatchObject({ code: 'CSV_RECORD_TOO_LONG', line: 1 });
    expect(fail('a,b,c,d\n', { maxRecordChars: 100, maxFields: 3 })).toMatchObject({ code: 'CSV_TOO_MANY_FIELDS', line: 1 });
  });
});
