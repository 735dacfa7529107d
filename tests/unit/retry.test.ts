import { describe, expect, it } from 'vitest';
import { ErrorCode, EtlError } from '../../common/errors.js';
import { backoffDelay, isNotFoundAwsError, isTransientAwsError, retriedBySdk, retry } from '../../common/retry.js';

/** An error shaped like the SDK's: its code in `name`, the status and attempts in $metadata. */
const awsError = (name: string, status?: number, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status, attempts: 1 }, ...extra });
const networkError = (code: string) => Object.assign(new Error(code), { code });

/** A clock that records the waits instead of waiting. */
function fakeClock() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

describe('isTransientAwsError', () => {
  it.each([
    ['503 SlowDown', awsError('SlowDown', 503)],
    ['500 InternalError', awsError('InternalError', 500)],
    ['429 throttling', awsError('TooManyRequestsException', 429)],
    ['an error the SDK marks $retryable', awsError('ThrottlingException', 400, { $retryable: { throttling: true } })],
    ['a timeout', awsError('TimeoutError')],
    ['a reset connection', networkError('ECONNRESET')],
    ['a refused connection', networkError('ECONNREFUSED')],
    ['a body that broke off', networkError('ERR_STREAM_PREMATURE_CLOSE')],
    ['an EtlError caused by a 503', new EtlError(ErrorCode.RUN_FAILED, 'x', {}, { cause: awsError('SlowDown', 503) })],
  ])('takes %s as transient', (_, error) => {
    expect(isTransientAwsError(error)).toBe(true);
  });

  it.each([
    ['403 AccessDenied', awsError('AccessDenied', 403)],
    ['404 NoSuchBucket', awsError('NoSuchBucket', 404)],
    ['412 PreconditionFailed', awsError('PreconditionFailed', 412)],
    ['a plain Error', new Error('boom')],
    ['an EtlError without a cause', new EtlError(ErrorCode.RUN_FAILED, 'x')],
    ['an EtlError caused by a 403', new EtlError(ErrorCode.RUN_FAILED, 'x', {}, { cause: awsError('AccessDenied', 403) })],
    ['a thrown string', 'ECONNRESET'],
    ['undefined', undefined],
  ])('takes %s as permanent', (_, error) => {
    expect(isTransientAwsError(error)).toBe(false);
  });

  it('tells a missing object and an SDK that retried already', () => {
    expect(isNotFoundAwsError(awsError('NoSuchKey', 404))).toBe(true);
    expect(isNotFoundAwsError(awsError('NotFound'))).toBe(true);
    expect(isNotFoundAwsError(awsError('AccessDenied', 403))).toBe(false);
    expect(retriedBySdk(awsError('SlowDown', 503))).toBe(false);
    expect(retriedBySdk(Object.assign(awsError('SlowDown', 503), { $metadata: { httpStatusCode: 503, attempts: 5 } }))).toBe(true);
  });
});

describe('backoffDelay', () => {
  it('doubles the ceiling per retry up to the cap, and waits between half of it and all of it', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelay(n, { random: () => 1 }))).toEqual([200, 400, 800, 1600, 3200, 5000, 5000]);
    expect([1, 2, 3].map((n) => backoffDelay(n, { random: () => 0 }))).toEqual([100, 200, 400]);
    expect(backoffDelay(3, { baseDelayMs: 100, maxDelayMs: 300, random: () => 0.5 })).toBe(225);
  });
});

describe('retry', () => {
  it('returns the first success, passing the attempt number, after waiting with backoff', async () => {
    const clock = fakeClock();
    const seen: number[] = [];

    const result = await retry(
      async (attempt) => {
        seen.push(attempt);
        if (attempt < 3) throw awsError('SlowDown', 503);
        return 'done';
      },
      { attempts: 5, sleep: clock.sleep, random: () => 1 },
    );

    expect(result).toBe('done');
    expect(seen).toEqual([1, 2, 3]);
    expect(clock.waits).toEqual([200, 400]);
  });

  it('throws the last failure as it was once the attempts are spent', async () => {
    const clock = fakeClock();
    const failures = [awsError('SlowDown', 503), awsError('SlowDown', 503), awsError('InternalError', 500)];
    let calls = 0;

    const error = await retry(async () => Promise.reject(failures[calls++]), { attempts: 3, sleep: clock.sleep }).catch((e: unknown) => e);

    expect(error).toBe(failures[2]);
    expect(calls).toBe(3);
    expect(clock.waits).toHaveLength(2);
  });

  it('does not retry a permanent failure', async () => {
    const clock = fakeClock();
    let calls = 0;
    const denied = awsError('AccessDenied', 403);

    const deny = async () => {
      calls++;
      throw denied;
    };

    await expect(retry(deny, { attempts: 5, sleep: clock.sleep })).rejects.toBe(denied);

    expect(calls).toBe(1);
    expect(clock.waits).toEqual([]);
  });

  it('retries what retryIf accepts, at once with a base delay of 0, and reports each retry', async () => {
    const clock = fakeClock();
    const retries: [number, number][] = [];
    const conflict = new EtlError(ErrorCode.WAREHOUSE_CONTENTION, 'lost');

    const result = await retry(
      async (attempt) => {
        if (attempt < 3) throw conflict;
        return attempt;
      },
      {
        attempts: 3,
        baseDelayMs: 0,
        retryIf: (e) => e instanceof EtlError && e.code === ErrorCode.WAREHOUSE_CONTENTION,
        sleep: clock.sleep,
        onRetry: (_, attempt, delay) => retries.push([attempt, delay]),
      },
    );

    expect(result).toBe(3);
    expect(retries).toEqual([
      [1, 0],
      [2, 0],
    ]);
    expect(clock.waits).toEqual([]);
  });

  it('refuses fewer than one attempt instead of never running', async () => {
    await expect(retry(async () => 'x', { attempts: Number('abc') })).rejects.toMatchObject({ code: 'INTERNAL' });
    await expect(retry(async () => 'x', { attempts: 0 })).rejects.toMatchObject({ code: 'INTERNAL' });
  });
});
