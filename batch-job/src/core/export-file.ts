import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { ioFault } from '../../../common/errors.js';
import { t } from '../../../common/i18n/index.js';

/**
 * A file written in order and hashed as it is written, so the manifest's size and sha256
 * cost no second read. Text is buffered and encoded in 64 KiB pieces to keep memory flat.
 */
export class HashedFileWriter {
  private readonly fd: number;
  private readonly hash = createHash('sha256');
  private pending = '';
  private bytes = 0;

  constructor(readonly path: string) {
    try {
      this.fd = openSync(path, 'w');
    } catch (e) {
      throw ioFault(e, t().ioWriting({ path })) ?? e;
    }
  }

  /** Adds text at the end of the file. */
  write(text: string): void {
    this.pending += text;
    if (this.pending.length > 1 << 16) this.flush();
  }

  /**
   * Copies a whole file (a part written by another thread) to the end of this one. The
   * hash runs over the copied bytes, so the result still describes the final file.
   */
  append(partPath: string): void {
    this.flush();
    const part = openSync(partPath, 'r');
    const chunk = Buffer.allocUnsafe(1 << 20);
    try {
      for (let n = readSync(part, chunk); n > 0; n = readSync(part, chunk)) this.writeBytes(chunk.subarray(0, n));
    } finally {
      closeSync(part);
    }
  }

  /** Writes what is buffered, closes the file and returns its size and sha256. */
  close(): { bytes: number; sha256: string } {
    try {
      this.flush();
    } catch (e) {
      this.abandon();
      throw e;
    }
    closeSync(this.fd);
    return { bytes: this.bytes, sha256: this.hash.digest('hex') };
  }

  /** Closes and removes the file after a failure, keeping the first error. */
  abandon(): void {
    try {
      closeSync(this.fd);
    } catch {
      // the write that failed is the error worth reporting
    }
    rmSync(this.path, { force: true });
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.writeBytes(Buffer.from(this.pending, 'utf8'));
    this.pending = '';
  }

  private writeBytes(buffer: Buffer): void {
    this.hash.update(buffer);
    try {
      for (let at = 0; at < buffer.length; ) at += writeSync(this.fd, buffer, at);
    } catch (e) {
      throw ioFault(e, t().ioWriting({ path: this.path })) ?? e;
    }
    this.bytes += buffer.length;
  }
}

/** Creates `path`, lets `fill` write it, and returns its size and sha256; a failure closes it and is rethrown. */
export function writeHashedFile(path: string, fill: (out: HashedFileWriter) => void): { bytes: number; sha256: string } {
  const out = new HashedFileWriter(path);
  try {
    fill(out);
  } catch (e) {
    out.abandon();
    throw e;
  }
  return out.close();
}
