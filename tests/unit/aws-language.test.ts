import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../common/errors.js';
import { lang, setLang } from '../../common/i18n/index.js';
import { probableTable } from '../../common/tables/file-names.js';
import { readConfig as readIndexOutputConfig } from '../../functions/index-output/config.js';
import { readConfig as readValidateUploadConfig } from '../../functions/validate-upload/config.js';
import { validateUploadEvent } from '../../functions/validate-upload/validate-upload.js';
import { FakeJobs, MemoryStore, s3Event, s3Record } from '../helpers/validate-upload.js';

/** Runs `body`, then puts the process's language back (unit files share one module cache). */
function keepingLang<T>(body: () => T): T {
  const before = lang();
  try {
    return body();
  } finally {
    setLang(before);
  }
}

describe('probableTable', () => {
  it.each([
    ['rentas.txt', 'rentas'],
    ['Rentas (1).csv', 'rentas'],
    ['rentas.xlsx', 'rentas'],
    ['Copia de clientes.csv', 'clientes'],
    ['Puntos Renta.csv', 'puntos_renta'],
    ['VEHÍCULOS - copia.CSV', 'vehiculos'],
    ['notas.docx', undefined],
    ['(1).csv', undefined],
  ])('reads %s as the table %s', (file, table) => {
    expect(probableTable(file)).toBe(table);
  });
});

describe('the functions language', () => {
  const upload = { INPUT_BUCKET: 'in', OUTPUT_BUCKET: 'out', JOB_QUEUE: 'q', JOB_DEFINITION: 'd' };

  it.each([
    ['validate-upload', () => readValidateUploadConfig({ ...upload, RENTAS_LANG: 'fr' })],
    ['index-output', () => readIndexOutputConfig({ NOTIFICATIONS_QUEUE_URL: 'u', RENTAS_LANG: 'fr' })],
  ])('%s refuses a RENTAS_LANG that is neither es nor en, naming it', (_, read) => {
    keepingLang(() => expect(read).toThrow(new ConfigError('RENTAS_LANG must be one of es, en, got "fr".')));
  });

  it('takes RENTAS_LANG when it reads its settings, so that a missing one is named in that language', () => {
    keepingLang(() => {
      expect(() => readValidateUploadConfig({ ...upload, INPUT_BUCKET: '', RENTAS_LANG: 'es' })).toThrow(
        'INPUT_BUCKET no está definida: se esperaba el nombre del bucket de entrada, se recibió "".',
      );
      expect(() => readIndexOutputConfig({ RENTAS_LANG: 'en' })).toThrow('NOTIFICATIONS_QUEUE_URL is not set: expected the URL of the notifications queue, got null.');
    });
  });

  it('writes the rejection of a misnamed upload in the language set, with its stable code and probable table', async () => {
    const before = lang();
    try {
      setLang('es');
      const input = new MemoryStore('entrada').put('incoming/lote/rentas.xlsx', 'PK\u0003\u0004');
      const output = new MemoryStore('salida');

      const { summaries } = await validateUploadEvent(s3Event(s3Record('entrada', 'incoming/lote/rentas.xlsx')).Records, { input, output, jobs: new FakeJobs() });

      expect(summaries).toEqual([expect.objectContaining({ outcome: 'rejected', code: 'FILE_NOT_A_TABLE' })]);
      expect(output.json('rejected/lote/rentas.xlsx.error.json')).toMatchObject({
        batchId: 'lote',
        file: 'rentas.xlsx',
        table: 'rentas',
        code: 'FILE_NOT_A_TABLE',
        error: 'rentas.xlsx no se carga: su nombre no es rentas.csv. Si contiene la tabla rentas, vuelva a subirlo con el nombre rentas.csv (en Excel: Guardar como, "CSV UTF-8").',
        expected: [],
        found: [],
      });
      expect(input.reads).toEqual([]);
    } finally {
      setLang(before);
    }
  });
});
