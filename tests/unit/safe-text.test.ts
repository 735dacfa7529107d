import { Writable } from 'node:stream';
import { Console } from 'node:console';
import { describe, expect, it } from 'vitest';
import { textTable } from '../../batch-job/src/cli-format.js';
import { createLogger } from '../../common/logger.js';
import { jsonSafe, printable } from '../../common/safe-text.js';
import { RAW_CONTROLS } from '../helpers/terminal.js';

describe('printable', () => {
  it.each([
    ['an OSC title sequence', '\x1b]0;pwned\x07BMW', '\\x1b]0;pwned\\x07BMW'],
    ['a colour sequence', '\x1b[31mRojo\x1b[0m', '\\x1b[31mRojo\\x1b[0m'],
    ['a one-byte CSI (C1)', '\u009b2J', '\\x9b2J'],
    ['DEL and NUL', 'a\x7fb\x00c', 'a\\x7fb\\x00c'],
    ['tab, line feed and carriage return', 'a\tb\nc\rd', 'a\\tb\\nc\\rd'],
    ['a right-to-left override', 'Civic \u202egnp.exe', 'Civic \\u202egnp.exe'],
    ['isolates and marks', '\u2066x\u2069\u200e\u200f\u061c', '\\u2066x\\u2069\\u200e\\u200f\\u061c'],
  ])('shows %s as visible escapes', (_, raw, shown) => {
    expect(printable(raw)).toBe(shown);
    expect(printable(raw)).not.toMatch(RAW_CONTROLS);
  });

  it('keeps accents, ñ, emoji and backslashes as they are, and changes nothing when applied twice', () => {
    const text = 'Peugeot 208 Mérida ñ 🚗 C:\\datos';
    expect(printable(text)).toBe(text);
    expect(printable(printable('\x1b[31m'))).toBe(printable('\x1b[31m'));
  });
});

describe('jsonSafe', () => {
  it('escapes C1 and bidi characters as \\u escapes and parses back to the same value', () => {
    const value = { marca: '\u009b31m\u202eX\x7f', modelo: '\x1b[1m' };
    const json = jsonSafe(JSON.stringify(value, null, 2));
    expect(json).not.toMatch(RAW_CONTROLS);
    expect(json).toContain('\\u009b31m\\u202eX\\u007f');
    expect(JSON.parse(json)).toEqual(value);
  });
});

describe('textTable', () => {
  it('escapes text cells and aligns the columns on the escaped text', () => {
    const table = textTable(['marca', 'n'], [['\x1b[31mKia', 1], ['Seat', 22]]);
    expect(table.split('\n')).toEqual(['marca         n', '-----------  --', '\\x1b[31mKia   1', 'Seat         22']);
  });
});

describe('createLogger', () => {
  it('writes JSON lines whose strings show control and bidi characters as escapes', () => {
    let written = '';
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        written += chunk.toString('utf8');
        done();
      },
    });
    const logger = createLogger('test', 'INFO');
    // Powertools prints through its own Console; aim it at the sink.
    (logger as unknown as { console: Console }).console = new Console({ stdout: sink, stderr: sink });
    logger.appendKeys({ batchId: 'lote\u202e1' });
    logger.warn('file rejected', { marca: '\u009b31mBMW\x1b]0;t\x07', error: new Error('bad \u2066name') });

    expect(written).not.toMatch(RAW_CONTROLS);
    const line = JSON.parse(written) as { batchId: string; marca: string; error: { message: string }; message: string };
    expect(line).toMatchObject({ message: 'file rejected', batchId: 'lote\\u202e1', marca: '\\x9b31mBMW\x1b]0;t\x07' });
    expect(line.error.message).toBe('bad \\u2066name');
  });
});
