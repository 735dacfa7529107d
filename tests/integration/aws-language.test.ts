import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { catalogue, lang, setLang, type Lang } from '../../common/i18n/index.js';
import { batchWaitingFor, createLocalStack, dropBatch, keepOutputs, type LocalStack, settle } from '../../scripts/local-aws/pipeline.js';
import { BASE_BATCH, tempDir, writeBatch } from '../helpers/etl.js';
import { describeE2E, useMoto } from '../helpers/moto.js';
import { expectValidNotifications } from '../helpers/notification-schemas.js';

// moto queues an S3 event before the PUT returns: a short quiet window cannot miss one.
const QUIET = { quietMs: 250 };
const TABLE_NAMES = 'vehiculos.csv, puntos_renta.csv, clientes.csv, rentas.csv';

/** The stack as its functions run with RENTAS_LANG=`l` (what Language=`l` sets; tests/unit/template.test.ts holds that wiring). */
function speaking(stack: LocalStack, l: Lang): LocalStack {
  const { ValidateUploadFunction, IndexOutputFunction } = stack.functionEnv;
  return { ...stack, functionEnv: { ValidateUploadFunction: { ...ValidateUploadFunction, RENTAS_LANG: l }, IndexOutputFunction: { ...IndexOutputFunction, RENTAS_LANG: l } } };
}

const MISNAMED = ['Rentas (1).csv', 'rentas.txt', 'rentas.xlsx'];

describeE2E('the stack Language and the upload trigger against moto (template.yaml as deployed)', () => {
  const moto = useMoto();
  let stack: LocalStack;
  const ran = new Set<string>();
  // The handlers run in this process and take the language of their environment: put the test's back.
  const before = lang();
  afterEach(() => setLang(before));

  beforeAll(async () => {
    stack = await createLocalStack(moto(), { parameters: { Language: 'es' } });
  });

  const rejections = (notifications: { type: string; body: Record<string, unknown> }[]) =>
    notifications
      .filter((n) => n.type === 'file.rejected')
      .map((n) => n.body)
      .sort((a, b) => String(a.file).localeCompare(String(b.file)));

  it('answers misnamed files with file.rejected in Spanish, names the files an incomplete batch waits for, and keeps the outputs (pipeline:local)', async () => {
    const batchId = 'lote parcial';
    await dropBatch(stack, writeBatch({ 'vehiculos.csv': BASE_BATCH['vehiculos.csv'], ...Object.fromEntries(MISNAMED.map((f) => [f, BASE_BATCH['rentas.csv']])) }), batchId);

    const { jobs, notifications } = await settle(stack, ran, QUIET);

    expectValidNotifications(notifications);
    expect(jobs).toEqual([]);
    expect(notifications).toHaveLength(MISNAMED.length);
    expect(rejections(notifications)).toEqual(
      MISNAMED.map((file) =>
        expect.objectContaining({
          batchId,
          key: `incoming/${batchId}/${file}`,
          file,
          table: 'rentas',
          code: 'FILE_NOT_A_TABLE',
          error: catalogue('es').uploadNotATable({ file, table: 'rentas', names: TABLE_NAMES }),
          errorKey: `rejected/${batchId}/${file}.error.json`,
        }),
      ),
    );
    expect(rejections(notifications)[1].error).toBe(
      'rentas.txt no se carga: su nombre no es rentas.csv. Si contiene la tabla rentas, vuelva a subirlo con el nombre rentas.csv (en Excel: Guardar como, "CSV UTF-8").',
    );

    expect(await batchWaitingFor(stack, batchId)).toEqual(['puntos_renta.csv', 'clientes.csv', 'rentas.csv']);
    const out = tempDir();
    const kept = await keepOutputs(stack, out);
    const record = join(out, 'rejected', batchId, 'Rentas (1).csv.error.json');
    expect(kept).toContain(record);
    expect(JSON.parse(readFileSync(record, 'utf8'))).toMatchObject({ code: 'FILE_NOT_A_TABLE', table: 'rentas' });
  });

  it('answers misnamed and unknown files in English, and still submits the complete batch beside them exactly once', async () => {
    const batchId = 'completo con notas';
    const files = { ...BASE_BATCH, ...Object.fromEntries(MISNAMED.map((f) => [f, BASE_BATCH['rentas.csv']])), 'notas de la sucursal.docx': 'x' };
    await dropBatch(stack, writeBatch(files), batchId);

    const { jobs, notifications } = await settle(speaking(stack, 'en'), ran, QUIET);

    expectValidNotifications(notifications);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ batchId, exitCode: 0 });
    expect(notifications.filter((n) => n.type === 'batch.succeeded')).toHaveLength(1);
    expect(rejections(notifications)).toEqual([
      expect.objectContaining({ file: 'notas de la sucursal.docx', table: null, code: 'FILE_NOT_A_TABLE', error: expect.stringContaining(`holds only ${TABLE_NAMES}`) }),
      ...MISNAMED.map((file) =>
        expect.objectContaining({ file, table: 'rentas', code: 'FILE_NOT_A_TABLE', error: catalogue('en').uploadNotATable({ file, table: 'rentas', names: TABLE_NAMES }) }),
      ),
    ]);
    expect(rejections(notifications)[2].error).toBe(
      'rentas.txt is not loaded: its name is not rentas.csv. If it holds the rentas table, upload it again named rentas.csv (from Excel: Save As, "CSV UTF-8").',
    );
  });
});
