import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { ioFault } from '../../../common/errors.js';
import { t } from '../../../common/i18n/index.js';
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
      this.fd = this.guard(() => openSync(this.path, 'w'));
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
    const fd = this.fd;
    this.guard(() => closeSync(fd));
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
    const fd = this.fd;
    if (fd !== undefined && this.buffer) this.guard(() => writeSync(fd, this.buffer));
    this.buffer = '';
  }

  /** A fault of the machine (disk full...) names the rejects file; it is not the input's fault. */
  private guard<T>(write: () => T): T {
    try {
      return write();
    } catch (e) {
      throw ioFault(e, t().ioWriting({ path: this.path })) ?? e;
    }
  }
}
