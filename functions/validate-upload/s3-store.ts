import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { ErrorCode, EtlError } from '../../common/errors.js';
import type { ObjectRange } from './header-check.js';
import type { ObjectStore } from './validate-upload.js';

export interface S3ObjectStoreOptions {
  /** Attempts of a conditional create that S3 answers with 409 ConditionalRequestConflict. */
  claimAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** The `ObjectStore` port on one S3 bucket. */
export class S3ObjectStore implements ObjectStore {
  /** Body bytes received by `getRange` since this store was made (tests check the 64 KiB bound). */
  bytesRead = 0;
  private readonly claimAttempts: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly s3: Pick<S3Client, 'send'>,
    readonly bucket: string,
    options: S3ObjectStoreOptions = {},
  ) {
    this.claimAttempts = options.claimAttempts ?? 4;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async getRange(key: string, start: number, end: number): Promise<ObjectRange | undefined> {
    let res;
    try {
      res = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: `bytes=${start}-${end}` }));
    } catch (error) {
      if (errorName(error) === 'NoSuchKey' || httpStatus(error) === 404) return undefined;
      // S3 answers a range on a 0-byte object with 416 InvalidRange.
      if (start === 0 && (errorName(error) === 'InvalidRange' || httpStatus(error) === 416)) return { bytes: Buffer.alloc(0), totalSize: 0 };
      throw error;
    }
    // Stop at the range's length even if an endpoint ignored the Range header.
    const limit = end - start + 1;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of (res.Body ?? []) as AsyncIterable<Uint8Array>) {
      this.bytesRead += chunk.length;
      chunks.push(Buffer.from(chunk));
      size += chunk.length;
      if (size >= limit) break;
    }
    const bytes = Buffer.concat(chunks).subarray(0, limit);
    const total = /\/(\d+)$/.exec(res.ContentRange ?? '')?.[1];
    return { bytes, totalSize: total !== undefined ? Number(total) : (res.ContentLength ?? size) };
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.s3.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, Delimiter: '/', ContinuationToken: token }),
      );
      keys.push(...(page.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : [])));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys;
  }

  async putJson(key: string, body: unknown): Promise<void> {
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: json(body), ContentType: 'application/json' }));
  }

  /**
   * `PutObject` with `If-None-Match: *`: 412 means the key exists. 409 means a concurrent
   * write to the same key was in flight: S3 asks to retry, which we do with backoff.
   */
  async putIfAbsent(key: string, body: unknown): Promise<'created' | 'exists'> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.s3.send(
          new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: json(body), ContentType: 'application/json', IfNoneMatch: '*' }),
        );
        return 'created';
      } catch (error) {
        if (errorName(error) === 'PreconditionFailed' || httpStatus(error) === 412) return 'exists';
        const conflict = errorName(error) === 'ConditionalRequestConflict' || httpStatus(error) === 409;
        if (!conflict) throw error;
        if (attempt >= this.claimAttempts) {
          throw new EtlError(
            ErrorCode.CLAIM_CONFLICT,
            `s3://${this.bucket}/${key}: expected the conditional create to settle, got 409 ConditionalRequestConflict ${attempt} times.`,
            { bucket: this.bucket, key },
            { cause: error },
          );
        }
        await this.sleep(100 * 2 ** (attempt - 1) + Math.floor(Math.random() * 100));
      }
    }
  }

  async delete(key: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
}

function json(body: unknown): string {
  return `${JSON.stringify(body, null, 2)}\n`;
}

function errorName(error: unknown): string | undefined {
  return (error as { name?: string } | undefined)?.name;
}

function httpStatus(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
}
