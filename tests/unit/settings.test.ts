import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../common/errors.js';
import { readBoolean, readChoice, readInteger, readText } from '../../common/settings.js';
import { readLogLevel } from '../../common/logger.js';
import { readJobConfig } from '../../batch-job/src/job-config.js';
import { readCliConfig } from '../../batch-job/src/cli-config.js';
import { readConfig as readIndexOutputConfig } from '../../functions/index-output/config.js';

/** Runs `read` and returns what it threw, asserting it is a ConfigError. */
function configError(read: () => unknown): ConfigError {
  try {
    read();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as ConfigError).code).toBe('CONFIG_INVALID');
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('settings', () => {
  it('reads a required text, trimmed, and names it when it is missing', () => {
    expect(readText({ A: ' x ' }, 'A', 'a thing')).toBe('x');
    expect(readText({}, 'A', 'a thing', 'fallback')).toBe('fallback');
    expect(configError(() => readText({ A: '' }, 'A', 'a thing')).message).toBe('A is not set: expected a thing, got "".');
    expect(configError(() => readText({}, 'A', 'a thing')).message).toBe('A is not set: expected a thing, got null.');
  });

  it('reads a whole number in range, its fallback when unset, and refuses anything else', () => {
    const range = { min: 1, max: 10, fallback: 5 };
    expect(readInteger({ N: '7' }, 'N', range)).toBe(7);
    expect(readInteger({ N: ' ' }, 'N', range)).toBe(5);
    for (const bad of ['abc', '2.5', '0', '11', '1e3', 'NaN']) {
      expect(configError(() => readInteger({ N: bad }, 'N', range)).message).toBe(`N must be a whole number from 1 to 10, got "${bad}".`);
    }
  });

  it('shows at most 80 characters of a value it refuses', () => {
    const error = configError(() => readInteger({ N: '9'.repeat(100_000) }, 'N', { min: 1, max: 5, fallback: 1 }));
    expect(error.message.length).toBeLessThan(200);
    expect(error.message).toContain(`"${'9'.repeat(77)}..."`);
  });

  it('reads one of a closed set, whatever the case, and lists the set when the value is not in it', () => {
    expect(readChoice({ C: 'warn' }, 'C', ['INFO', 'WARN'], 'INFO')).toBe('WARN');
    expect(readChoice({}, 'C', ['INFO', 'WARN'])).toBeUndefined();
    expect(configError(() => readChoice({ C: 'LOUD' }, 'C', ['INFO', 'WARN'])).message).toBe('C must be one of INFO, WARN, got "LOUD".');
    expect(readBoolean({ B: '1' }, 'B', false)).toBe(true);
    expect(readBoolean({ B: 'FALSE' }, 'B', true)).toBe(false);
    expect(configError(() => readBoolean({ B: 'yes' }, 'B', false)).message).toBe('B must be one of true, false, 1, 0, got "yes".');
  });

  it('checks LOG_LEVEL instead of passing an unknown level to the logger', () => {
    expect(readLogLevel({})).toBe('INFO');
    expect(readLogLevel({ LOG_LEVEL: 'debug' })).toBe('DEBUG');
    expect(configError(() => readLogLevel({ LOG_LEVEL: 'LOUD' })).message).toContain('LOG_LEVEL must be one of TRACE, DEBUG, INFO');
  });
});

describe('entry point configurations', () => {
  const job = { BATCH_ID: 'lote-1', INPUT_BUCKET: 'in', OUTPUT_BUCKET: 'out' };

  it('reads the whole Batch job configuration into one frozen object', () => {
    const config = readJobConfig({ ...job, WORK_DIR: '/tmp/w', WAREHOUSE_MAX_ATTEMPTS: '3', RENTAS_TEST_STOP_AT: 'during-load', RENTAS_TABLE: 'contratos' }, 42);

    expect(config).toMatchObject({
      batchId: 'lote-1',
      jobId: 'local',
      inputBucket: 'in',
      outputBucket: 'out',
      workDir: '/tmp/w',
      warehouseMaxAttempts: 3,
      stopAt: 'during-load',
      logLevel: 'INFO',
      s3ForcePathStyle: false,
      etl: { tables: { rentas: 'contratos' } },
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(readJobConfig(job, 42)).toMatchObject({ warehouseMaxAttempts: 5, stopAt: undefined, workDir: expect.stringContaining('rentas-job-42') });
  });

  it.each([
    [{ WAREHOUSE_MAX_ATTEMPTS: 'abc' }, 'WAREHOUSE_MAX_ATTEMPTS must be a whole number from 1 to 100, got "abc".'],
    [{ BATCH_ID: '' }, 'BATCH_ID is not set: expected the id of the batch to load (the folder under incoming/), got "".'],
    [{ RENTAS_TEST_STOP_AT: 'never' }, 'RENTAS_TEST_STOP_AT must be one of after-download, during-load, after-exports, before-warehouse-write, after-warehouse-write, got "never".'],
    [{ S3_FORCE_PATH_STYLE: 'yes' }, 'S3_FORCE_PATH_STYLE must be one of true, false, 1, 0, got "yes".'],
    [{ RENTAS_TABLE: '1x' }, /^RENTAS_TABLE must be a plain SQL identifier/],
    [{ RENTAS_LANG: 'fr' }, 'RENTAS_LANG must be one of es, en, got "fr".'],
  ])('stops the Batch job on %j with one sentence', (over, sentence) => {
    const error = configError(() => readJobConfig({ ...job, ...over }));
    if (typeof sentence === 'string') expect(error.message).toBe(sentence);
    else expect(error.message).toMatch(sentence);
  });

  it('reads the CLI and the indexer configurations the same way', () => {
    expect(readCliConfig({ RENTAS_PROFILE: '1' })).toMatchObject({ profile: true, etl: { dbFile: 'rentas.db' } });
    expect(configError(() => readCliConfig({ RENTAS_PROFILE: 'on' })).message).toContain('RENTAS_PROFILE must be one of');
    // A daily batch's file is parsed in the main thread; 0 sends every file to the parser thread.
    expect(readCliConfig({}).parseThreadMinBytes).toBe(1 << 20);
    expect(readCliConfig({ PARSE_THREAD_MIN_BYTES: '0' }).parseThreadMinBytes).toBe(0);
    expect(configError(() => readCliConfig({ PARSE_THREAD_MIN_BYTES: '-1' })).message).toContain('PARSE_THREAD_MIN_BYTES');
    expect(readIndexOutputConfig({ NOTIFICATIONS_QUEUE_URL: 'https://q' })).toEqual({ notificationsQueueUrl: 'https://q', s3ForcePathStyle: false });
    expect(configError(() => readIndexOutputConfig({})).message).toBe('NOTIFICATIONS_QUEUE_URL is not set: expected the URL of the notifications queue, got null.');
  });
});
