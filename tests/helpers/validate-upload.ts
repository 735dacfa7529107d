import { s3Record as s3EventRecord } from './s3-event.js';
import type { S3EventRecord } from 'aws-lambda';
import type { ObjectRange } from '../../functions/validate-upload/header-check.js';
import type { JobSubmitter, ObjectStore } from '../../functions/validate-upload/validate-upload.js';

/** An in-memory bucket with the `ObjectStore` port; records every ranged read. */
export class MemoryStore implements ObjectStore {
  readonly objects = new Map<string, Buffer>();
  readonly reads: { key: string; start: number; end: number; bytes: number }[] = [];
  readonly deleted: string[] = [];

  constructor(readonly bucket: string) {}

  put(key: string, body: string | Buffer): this {
    this.objects.set(key, Buffer.isBuffer(body) ? body : Buffer.from(body));
    return this;
  }

  json(key: string): unknown {
    const body = this.objects.get(key);
    return body === undefined ? undefined : JSON.parse(body.toString('utf8'));
  }

  async getRange(key: string, start: number, end: number): Promise<ObjectRange | undefined> {
    await Promise.resolve();
    const body = this.objects.get(key);
    if (!body) return undefined;
    const bytes = Buffer.from(body.subarray(start, end + 1));
    this.reads.push({ key, start, end, bytes: bytes.length });
    return { bytes, totalSize: body.length };
  }

  async list(prefix: string): Promise<string[]> {
    await Promise.resolve();
    return [...this.objects.keys()].filter((k) => k.startsWith(prefix) && !k.slice(prefix.length).includes('/')).sort();
  }

  async putJson(key: string, body: unknown): Promise<void> {
    await Promise.resolve();
    this.objects.set(key, Buffer.from(JSON.stringify(body)));
  }

  async putIfAbsent(key: string, body: unknown): Promise<'created' | 'exists'> {
    await Promise.resolve();
    if (this.objects.has(key)) return 'exists';
    this.objects.set(key, Buffer.from(JSON.stringify(body)));
    return 'created';
  }

  async delete(key: string): Promise<void> {
    await Promise.resolve();
    this.deleted.push(key);
    this.objects.delete(key);
  }
}

/** A job submitter that records submissions, and fails the next `failNext` of them. */
export class FakeJobs implements JobSubmitter {
  readonly submitted: { jobName: string; batchId: string; jobId: string }[] = [];
  failNext = 0;

  async submit(request: { jobName: string; batchId: string }): Promise<{ jobId: string }> {
    await new Promise((resolve) => setTimeout(resolve, 1));
    if (this.failNext > 0) {
      this.failNext--;
      throw Object.assign(new Error('Job queue is not in VALID state'), { name: 'ClientException' });
    }
    const jobId = `job-${this.submitted.length + 1}`;
    this.submitted.push({ ...request, jobId });
    return { jobId };
  }
}

/** An `ObjectCreated:Put` record for `key` (given decoded) in `bucket`. */
export function s3Record(bucket: string, key: string, eventName = 'ObjectCreated:Put'): S3EventRecord {
  return s3EventRecord(bucket, key, { eventName });
}

export { encodeEventKey, s3Event } from './s3-event.js';
