import { describe, expect, it } from 'vitest';
import { ConfigError, deserializeError, ErrorCode, EtlError, FileRejectedError, serializeError, type SerializedError } from '../../common/errors.js';

/** What a message port does to a value: the structured clone, which keeps no class. */
const acrossPort = (s: SerializedError): SerializedError => structuredClone(s);
const wrapAsRunFailure = (e: unknown) => new EtlError(ErrorCode.RUN_FAILED, `The ETL run failed: ${(e as Error).message}.`);

describe('errors across a worker boundary', () => {
  it('rebuilds a FileRejectedError with its code, message and place', () => {
    const thrown = new FileRejectedError(ErrorCode.FILE_NOT_UTF8, 'rentas.csv near line 4: expected UTF-8 text.', { file: 'rentas.csv', table: 'rentas', line: 4 });

    const rebuilt = deserializeError(acrossPort(serializeError(thrown, wrapAsRunFailure)));

    expect(rebuilt).toBeInstanceOf(FileRejectedError);
    expect(rebuilt).toMatchObject({ name: 'FileRejectedError', code: 'FILE_NOT_UTF8', message: thrown.message, file: 'rentas.csv', table: 'rentas', line: 4 });
  });

  it('rebuilds a ConfigError and a base EtlError as themselves, not as a rejected file', () => {
    const config = deserializeError(acrossPort(serializeError(new ConfigError('X is not set.'), wrapAsRunFailure)));
    const base = deserializeError(acrossPort(serializeError(new EtlError(ErrorCode.WORKER_FAILED, 'gone', { batchId: 'b1' }), wrapAsRunFailure)));

    expect(config).toBeInstanceOf(ConfigError);
    expect(config).toMatchObject({ code: 'CONFIG_INVALID', message: 'X is not set.' });
    expect(base).not.toBeInstanceOf(FileRejectedError);
    expect(base).toMatchObject({ name: 'EtlError', code: 'WORKER_FAILED', batchId: 'b1' });
  });

  it('gives an error that is not an EtlError the code and sentence of the wrapper', () => {
    const rebuilt = deserializeError(acrossPort(serializeError(new Error('disk full'), wrapAsRunFailure)));

    expect(rebuilt).toMatchObject({ name: 'EtlError', code: 'RUN_FAILED', message: 'The ETL run failed: disk full.' });
  });

  it('maps a code outside the closed set to INTERNAL', () => {
    const rebuilt = deserializeError({ name: 'EtlError', code: 'NOT_A_CODE' as ErrorCode, message: 'm', place: {} });

    expect(rebuilt.code).toBe('INTERNAL');
  });
});
