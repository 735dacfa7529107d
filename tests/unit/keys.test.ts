import { describe, expect, it } from 'vitest';
import { jobNameFor, parseIncomingKey } from '../../common/keys.js';

const JOB_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

describe('parseIncomingKey', () => {
  it('reads the batch id and the file of incoming/<batch-id>/<file>', () => {
    expect(parseIncomingKey('incoming/2025-06-01/rentas.csv')).toEqual({ batchId: '2025-06-01', file: 'rentas.csv' });
  });

  it('decodes + as a space and percent-encoded UTF-8, as S3 encodes event keys', () => {
    expect(parseIncomingKey('incoming/Sucursal+M%C3%A9rida+junio/rentas.csv')).toEqual({
      batchId: 'Sucursal Mérida junio',
      file: 'rentas.csv',
    });
    expect(parseIncomingKey('incoming/lote%2B1/vehiculos.csv')).toEqual({ batchId: 'lote+1', file: 'vehiculos.csv' });
  });

  it('decodes before splitting, so moto keys with %2F for / work', () => {
    expect(parseIncomingKey('incoming%2Flote+1%2Fveh%C3%ADculos.csv')).toEqual({ batchId: 'lote 1', file: 'vehículos.csv' });
  });

  it('keeps accents, dots, underscores and spaces of the batch id as they are', () => {
    expect(parseIncomingKey('incoming/Peñón_2025.06 Q2/clientes.csv.gz')).toEqual({ batchId: 'Peñón_2025.06 Q2', file: 'clientes.csv.gz' });
  });

  it('takes the _SUCCESS marker as a file of the batch', () => {
    expect(parseIncomingKey('incoming/2025-06-01/_SUCCESS')).toEqual({ batchId: '2025-06-01', file: '_SUCCESS' });
  });

  it.each([
    ['incoming/../rentas.csv', 'the key has a . or .. path segment'],
    ['incoming/lote/../../secreto.csv', 'the key has a . or .. path segment'],
    ['incoming%2F..%2Frentas.csv', 'the key has a . or .. path segment'],
    ['incoming/./rentas.csv', 'the key has a . or .. path segment'],
    ['incoming//rentas.csv', 'the key has an empty path segment (//)'],
    ['incoming/lote//rentas.csv', 'the key has an empty path segment (//)'],
    ['incoming/lote%00/rentas.csv', 'the key contains control characters'],
    ['incoming/lote%0A1/rentas.csv', 'the key contains control characters'],
    ['incoming/lote/rentas.csv%7F', 'the key contains control characters'],
    ['batches/2025-06-01/manifest.json', 'the key is outside incoming/'],
    ['Incoming/2025-06-01/rentas.csv', 'the key is outside incoming/'],
    ['incoming/lote%E9/rentas.csv', 'the key is not valid URL-encoded UTF-8'],
    ['incoming/lote%5Cx/rentas.csv', 'the key contains a backslash'],
    [`incoming/${'a'.repeat(201)}/rentas.csv`, 'the batch id is longer than 200 characters'],
  ])('refuses the unsafe key %s', (raw, reason) => {
    expect(parseIncomingKey(raw)).toMatchObject({ ignored: reason, unsafe: true });
  });

  it('accepts a batch id of exactly 200 characters, counted as characters, not bytes', () => {
    expect(parseIncomingKey(`incoming/${'é'.repeat(200)}/rentas.csv`)).toEqual({ batchId: 'é'.repeat(200), file: 'rentas.csv' });
  });

  it.each([
    ['incoming/lote/sub/rentas.csv', 'the file is in a nested folder, not directly in a batch folder'],
    ['incoming/rentas.csv', 'the file is not inside a batch folder'],
    ['incoming/lote/', 'the key is a folder, not a file'],
    ['incoming/', 'the key is a folder, not a file'],
    ['incoming/lote/sub/', 'the key is a folder, not a file'],
  ])('ignores %s without calling it unsafe', (raw, reason) => {
    expect(parseIncomingKey(raw)).toMatchObject({ ignored: reason, unsafe: false });
  });
});

describe('jobNameFor', () => {
  it.each([
    '2025-06-01',
    'Sucursal Mérida junio',
    'Peñón_2025.06 Q2',
    '...',
    '   ',
    '日本語のロット',
    'é'.repeat(200),
    'x'.repeat(200),
    '-leading-dash',
  ])('makes a valid AWS Batch job name of %s', (batchId) => {
    const name = jobNameFor(batchId);
    expect(name).toMatch(JOB_NAME);
    expect(name.length).toBeLessThanOrEqual(128);
  });

  it('keeps a readable, accent-free form of the id and ends with 8 hex characters', () => {
    expect(jobNameFor('Sucursal Mérida junio')).toMatch(/^rentas-Sucursal-Merida-junio-[0-9a-f]{8}$/);
  });

  it('is deterministic', () => {
    expect(jobNameFor('Sucursal Mérida junio')).toBe(jobNameFor('Sucursal Mérida junio'));
  });

  it('gives different names to ids that differ only in an accent, a space or a long tail', () => {
    expect(jobNameFor('Mérida')).not.toBe(jobNameFor('Merida'));
    expect(jobNameFor('lote 1')).not.toBe(jobNameFor('lote-1'));
    expect(jobNameFor('lote 1')).not.toBe(jobNameFor('lote_1'));
    expect(jobNameFor(`${'x'.repeat(150)}a`)).not.toBe(jobNameFor(`${'x'.repeat(150)}b`));
  });
});
