import { isAscii, isUtf8 } from 'node:buffer';

/**
 * INPUT_ENCODING (contract §7): `auto` reads a file as UTF-8 when it is valid UTF-8, as
 * Windows-1252 (Excel's plain "CSV" save on Windows) when it holds no multi-byte UTF-8 sequence
 * at all, and rejects a file that mixes both; `utf-8` and `windows-1252` read every file so.
 */
export const INPUT_ENCODINGS = ['auto', 'utf-8', 'windows-1252'] as const;
export type InputEncoding = (typeof INPUT_ENCODINGS)[number];
/** What a file is read as, once decided. */
export type TextEncoding = Exclude<InputEncoding, 'auto'>;

/**
 * Why a decoder stopped: `invalid` (not UTF-8), `nul` (a NUL byte: no CSV text holds one; a
 * UTF-16 or binary file does) or `undefined` (one of the five bytes Windows-1252 leaves
 * undefined). `linesBefore` counts the line ends before the byte in the bytes given to this call.
 */
export class BadByteError extends Error {
  constructor(
    readonly kind: 'invalid' | 'nul' | 'undefined',
    readonly linesBefore: number,
  ) {
    super(`bad byte (${kind})`);
    this.name = 'BadByteError';
  }
}

/** Line ends (`eol`, LF or CR) in `bytes[from, to)`. */
export function countByte(bytes: Uint8Array, eol: number, from: number, to: number): number {
  let n = 0;
  const view = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = view.indexOf(eol, from); at >= 0 && at < to; at = view.indexOf(eol, at + 1)) n++;
  return n;
}

/**
 * Length of the valid UTF-8 sequence that starts at `at` (2 to 4 bytes); 0 when the bytes
 * there are not one (an overlong form, a surrogate, a stray continuation byte); -1 when they
 * are the valid start of one cut by `end`.
 */
function sequenceLength(b: Uint8Array, at: number, end: number): number {
  const c = b[at];
  let n: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (c >= 0xc2 && c <= 0xdf) n = 2;
  else if (c >= 0xe0 && c <= 0xef) {
    n = 3;
    if (c === 0xe0) lo = 0xa0;
    else if (c === 0xed) hi = 0x9f;
  } else if (c >= 0xf0 && c <= 0xf4) {
    n = 4;
    if (c === 0xf0) lo = 0x90;
    else if (c === 0xf4) hi = 0x8f;
  } else return 0;
  for (let k = 1; k < n; k++) {
    if (at + k >= end) return -1;
    const d = b[at + k];
    if (d < (k === 1 ? lo : 0x80) || d > (k === 1 ? hi : 0xbf)) return 0;
  }
  return n;
}

/** What the UTF-8 check found in some bytes. */
export interface Utf8Facts {
  /** Whether they hold at least one valid multi-byte UTF-8 sequence. */
  readonly multibyte: boolean;
  /** Offset of the first byte that is not UTF-8, or -1. */
  readonly firstInvalid: number;
  /** Bytes at the end that start a valid sequence the end cuts (0 when `complete`: then they are invalid). */
  readonly cut: number;
}

/**
 * The UTF-8 facts of `bytes`: plain ASCII and valid UTF-8 are told by the SIMD checks of
 * node:buffer; only other bytes are walked one by one, and the walk stops once both a
 * multi-byte sequence and an invalid byte are found (the file is then mixed, whatever follows).
 */
export function utf8Facts(bytes: Uint8Array, complete: boolean): Utf8Facts {
  if (isAscii(bytes)) return { multibyte: false, firstInvalid: -1, cut: 0 };
  if (isUtf8(bytes)) return { multibyte: true, firstInvalid: -1, cut: 0 };
  let multibyte = false;
  let firstInvalid = -1;
  const end = bytes.length;
  let at = 0;
  while (at < end) {
    if (bytes[at] < 0x80) {
      at++;
      continue;
    }
    const n = sequenceLength(bytes, at, end);
    if (n > 0) {
      multibyte = true;
      at += n;
    } else if (n < 0 && !complete) {
      return { multibyte, firstInvalid, cut: end - at };
    } else {
      if (firstInvalid < 0) firstInvalid = at;
      at++;
    }
    if (multibyte && firstInvalid >= 0) break;
  }
  return { multibyte, firstInvalid, cut: 0 };
}

/** The verdict on a whole file under `auto`: its encoding, or the offset of the first byte that mixes it. */
export type EncodingVerdict = { readonly encoding: TextEncoding } | { readonly mixedAtByte: number };

/**
 * Decides a file's encoding under `auto` from its bytes, pushed in order (contract §7): valid
 * UTF-8 → UTF-8; no multi-byte UTF-8 sequence at all → Windows-1252; both → mixed, with the
 * offset of the first byte that is not UTF-8. Lines are not counted here: a valid file is the
 * common case, and counting its line ends would cost more than the check itself.
 */
export class EncodingSniffer {
  private carry: Buffer = Buffer.alloc(0);
  /** Bytes pushed before `carry`. */
  private offset = 0;
  private multibyte = false;
  private firstInvalid = -1;

  /** Takes the next bytes; false once the verdict is known (mixed): the rest need not be read. */
  push(chunk: Buffer): boolean {
    const data = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    const facts = utf8Facts(data, false);
    if (this.firstInvalid < 0 && facts.firstInvalid >= 0) this.firstInvalid = this.offset + facts.firstInvalid;
    this.multibyte ||= facts.multibyte;
    this.carry = facts.cut > 0 ? Buffer.from(data.subarray(data.length - facts.cut)) : Buffer.alloc(0);
    this.offset += data.length - facts.cut;
    return !(this.multibyte && this.firstInvalid >= 0);
  }

  /** The verdict once every byte was pushed (a sequence cut by the end of the file is not UTF-8). */
  verdict(): EncodingVerdict {
    const firstInvalid = this.firstInvalid < 0 && this.carry.length > 0 ? this.offset : this.firstInvalid;
    if (firstInvalid < 0) return { encoding: 'utf-8' };
    return this.multibyte ? { mixedAtByte: firstInvalid } : { encoding: 'windows-1252' };
  }
}

/** A streaming decoder of one file's bytes into text; throws BadByteError at a byte it refuses. */
export interface ChunkDecoder {
  decode(chunk: Buffer): string;
  /** The end of the file: bytes left of a cut sequence are refused. */
  end(): string;
}

/** A decoder for `encoding`, counting line ends by `eol` (LF or CR) for the place of a bad byte. */
export function chunkDecoder(encoding: TextEncoding, eol: number): ChunkDecoder {
  return encoding === 'utf-8' ? new Utf8Decoder(eol) : new Windows1252Decoder(eol);
}

function refuseNul(data: Buffer, eol: number): void {
  const nul = data.indexOf(0);
  if (nul >= 0) throw new BadByteError('nul', countByte(data, eol, 0, nul));
}

/** Strict UTF-8: an ASCII chunk is taken as it is; any other is checked before it is decoded. */
class Utf8Decoder implements ChunkDecoder {
  private carry: Buffer = Buffer.alloc(0);

  constructor(private readonly eol: number) {}

  decode(chunk: Buffer): string {
    const data = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = Buffer.alloc(0);
    refuseNul(data, this.eol);
    if (isAscii(data)) return data.toString('latin1');
    const cut = cutTail(data);
    const body = cut > 0 ? data.subarray(0, data.length - cut) : data;
    if (!isUtf8(body)) throw new BadByteError('invalid', countByte(data, this.eol, 0, utf8Facts(body, true).firstInvalid));
    if (cut > 0) this.carry = Buffer.from(data.subarray(data.length - cut));
    return body.toString('utf8');
  }

  end(): string {
    if (this.carry.length > 0) throw new BadByteError('invalid', 0);
    return '';
  }
}

/**
 * Bytes at the end of `data` that start a multi-byte sequence not complete yet (0 to 3): they
 * wait for the next chunk. A lead byte that is invalid anyway is left for the check to refuse.
 */
function cutTail(data: Buffer): number {
  const end = data.length;
  for (let back = 1; back <= 3 && back <= end; back++) {
    const c = data[end - back];
    if (c < 0x80) return 0;
    if (c >= 0xc0) return sequenceLength(data, end - back, end) < 0 ? back : 0;
  }
  return 0;
}

/** Windows-1252's characters for the bytes 0x80 to 0x9F; the five it leaves undefined are empty. */
const CP1252_C1 = [
  '€', '', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '', 'Ž', '',
  '', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '', 'ž', 'Ÿ',
];
// eslint-disable-next-line no-control-regex -- NUL and the C1 range are exactly what is looked for
const SPECIAL = /[\x00\x80-\x9f]/;
// eslint-disable-next-line no-control-regex -- as above
const SPECIALS = /[\x00\x80-\x9f]/g;

/** Windows-1252: one character per byte (Latin-1 but for 0x80 to 0x9F), with no state between chunks. */
class Windows1252Decoder implements ChunkDecoder {
  constructor(private readonly eol: number) {}

  decode(chunk: Buffer): string {
    const text = chunk.toString('latin1');
    if (!SPECIAL.test(text)) return text;
    return text.replace(SPECIALS, (c: string, offset: number) => {
      const code = c.charCodeAt(0);
      const mapped = code === 0 ? '' : CP1252_C1[code - 0x80];
      if (mapped === '') throw new BadByteError(code === 0 ? 'nul' : 'undefined', countByte(chunk, this.eol, 0, offset));
      return mapped;
    });
  }

  end(): string {
    return '';
  }
}

/** Decodes a complete, small text (a header field) or throws BadByteError; `utf-8` is strict. */
export function decodeAll(bytes: Buffer, encoding: TextEncoding): string {
  const decoder = chunkDecoder(encoding, 0x0a);
  return decoder.decode(bytes) + decoder.end();
}
