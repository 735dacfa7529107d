import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { csvLine } from './csv-write.js';

/**
 * Writes `rejects/<table>.csv` (columns `line, reason`, then the file's own columns, as read)
 * only once a first row is rejected. Writes are synchronous in 64 KiB blocks so memory stays
 * flat however many rows are rejected.
 */
export class RejectSink {
  private fd: number | undefined;
  private buffer = '';

  constructor(
    private readonly path: string,
    private readonly header: readonly string[],
  ) {}

  add(line: number, reason: string, record: readonly string[]): void {
    if (this.fd === undefined) {
      this.fd = openSync(this.path, 'w');
      this.buffer = csvLine(['line', 'reason', ...this.header.map((h) => h.replace(/^\uFEFF/, '').trim())]);
    }
    this.buffer += csvLine([line, reason, ...record]);
    if (this.buffer.length > 65536) this.flush();
  }

  get written(): boolean {
    return this.fd !== undefined;
  }

  close(): void {
    if (this.fd === undefined) return;
    this.flush();
    closeSync(this.fd);
  }

  /** Drops the file: used when the whole file is rejected after some rows were. */
  discard(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
    this.buffer = '';
    rmSync(this.path, { force: true });
  }

  private flush(): void {
    if (this.fd !== undefined && this.buffer) writeSync(this.fd, this.buffer);
    this.buffer = '';
  }
}
