import { describe, expect, it } from 'vitest';
import { BadByteError, chunkDecoder, EncodingSniffer, type TextEncoding, utf8Facts } from '../../common/text-encoding.js';

const LF = 0x0a;
const bytes = (...parts: (string | number[])[]): Buffer => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));

/** Decodes `chunks` in order; the text, or the BadByteError met. */
function decode(encoding: TextEncoding, chunks: Buffer[]): string | BadByteError {
  const decoder = chunkDecoder(encoding, LF);
  try {
    return chunks.map((c) => decoder.decode(c)).join('') + decoder.end();
  } catch (e) {
    if (e instanceof BadByteError) return e;
    throw e;
  }
}

function sniff(chunks: Buffer[]) {
  const sniffer = new EncodingSniffer();
  for (const c of chunks) if (!sniffer.push(c)) break;
  return sniffer.verdict();
}

describe('utf8Facts', () => {
  it('tells ASCII, valid UTF-8, and bytes that are not UTF-8 apart', () => {
    expect(utf8Facts(bytes('abc'), true)).toEqual({ multibyte: false, firstInvalid: -1, cut: 0 });
    expect(utf8Facts(bytes('José'), true)).toEqual({ multibyte: true, firstInvalid: -1, cut: 0 });
    expect(utf8Facts(bytes('Jos', [0xe9]), true)).toEqual({ multibyte: false, firstInvalid: 3, cut: 0 });
  });

  it('keeps a sequence cut by the end of a chunk for the next one, and refuses it at the end of the file', () => {
    const cut = bytes('Jos', [0xc3]);
    expect(utf8Facts(cut, false)).toEqual({ multibyte: false, firstInvalid: -1, cut: 1 });
    expect(utf8Facts(cut, true)).toEqual({ multibyte: false, firstInvalid: 3, cut: 0 });
  });

  it('refuses overlong forms, surrogates and stray continuation bytes', () => {
    for (const bad of [[0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0x80]]) {
      expect(utf8Facts(Buffer.from(bad), true).firstInvalid).toBe(0);
    }
  });
});

describe('EncodingSniffer (INPUT_ENCODING=auto on a whole file)', () => {
  it('decides UTF-8 for valid UTF-8, even with a character cut between chunks', () => {
    const text = bytes('a,b\n1,José\n');
    expect(sniff([text.subarray(0, 9), text.subarray(9)])).toEqual({ encoding: 'utf-8' });
  });

  it('decides Windows-1252 when the file holds no multi-byte UTF-8 sequence at all', () => {
    expect(sniff([bytes('a,b\n1,Jos', [0xe9], '\n'), bytes('2,Mu', [0xf1, 0x6f], 'z\n')])).toEqual({ encoding: 'windows-1252' });
  });

  it('finds UTF-8 mixed with other bytes, with the offset of the first byte that is not UTF-8, in whichever order they come', () => {
    expect(sniff([bytes('a,b\n1,José\n2,x\n3,Mu', [0xf1], 'oz\n')])).toEqual({ mixedAtByte: 20 });
    expect(sniff([bytes('a,b\n1,Jos', [0xe9], '\n'), bytes('2,x\n3,Muñoz\n')])).toEqual({ mixedAtByte: 9 });
  });

  it('counts the offset across chunks, and a character cut between two', () => {
    const early = bytes('a,b\n', '1,José\n'.repeat(5000));
    expect(sniff([early.subarray(0, 10), early.subarray(10), bytes('x', [0xe9], '\n')])).toEqual({ mixedAtByte: early.length + 1 });
  });
});

describe('chunkDecoder', () => {
  it('decodes UTF-8 across chunk boundaries', () => {
    const text = bytes('Peña, €5');
    expect(decode('utf-8', [text.subarray(0, 3), text.subarray(3, 8), text.subarray(8)])).toBe('Peña, €5');
  });

  it('decodes Windows-1252, including the characters of 0x80 to 0x9F', () => {
    expect(decode('windows-1252', [bytes('Jos', [0xe9], ' ', [0x80, 0x93], 'ok', [0x94])])).toBe('José €“ok”');
  });

  it('stops at a byte that is not UTF-8, counting the line ends before it', () => {
    expect(decode('utf-8', [bytes('a\nb\nc', [0xe9], '\n')])).toMatchObject({ kind: 'invalid', linesBefore: 2 });
  });

  it('refuses a NUL byte in either encoding: no CSV text holds one (UTF-16 and binary files do)', () => {
    expect(decode('utf-8', [bytes('a\n', [0x69, 0x00, 0x64, 0x00])])).toMatchObject({ kind: 'nul', linesBefore: 1 });
    expect(decode('windows-1252', [bytes('a\n\n', [0x00])])).toMatchObject({ kind: 'nul', linesBefore: 2 });
  });

  it.each(['81', '8d', '8f', '90', '9d'])('refuses the byte 0x%s, which Windows-1252 leaves undefined', (hex) => {
    expect(decode('windows-1252', [bytes('ok\n', [parseInt(hex, 16)])])).toMatchObject({ kind: 'undefined', linesBefore: 1 });
  });

  it('refuses a UTF-8 sequence the end of the file cuts', () => {
    expect(decode('utf-8', [bytes('Jos', [0xc3])])).toMatchObject({ kind: 'invalid' });
  });
});
