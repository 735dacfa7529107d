import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type JobStore, runBatchJob } from '../../batch-job/src/batch-job-run.js';
import { loadConfig } from '../../batch-job/src/core/config.js';
import { BASE_BATCH, tempDir } from '../helpers/etl.js';

/** An in-memory object store: objects are files in a temp folder, ETags are version counters. */
function fakeStore(files: Record<string, string>, options: { conflicts?: number; crashOn?: string } = {}) {
  const root = tempDir('store-');
  const etags = new Map<string, string>();
  let conflicts = options.conflicts ?? 0;
  const put = (key: string, from: string) => {
    mkdirSync(dirname(join(root, key)), { recursive: true });
    copyFileSync(from, join(root, key));
    etags.set(key, `"v${Number((etags.get(key) ?? '"v0"').slice(2, -1)) + 1}"`);
  };
  const store: JobStore & { keys(): string[] } = {
    keys: () => [...etags.keys()],
    listInput: async (prefix) =>
      Object.keys(files)
        .filter((k) => k.startsWith(prefix))
        .map((key) => ({ key, etag: `"${files[key].length}"` })),
    downloadInput: async (key, path) => writeFileSync(path, files[key]),
    downloadOutput: async (key, path) => {
      if (!existsSync(join(root, key))) return undefined;
      copyFileSync(join(root, key), path);
      return { etag: etags.get(key)! };
    },
    uploadOutput: async (key, path) => {
      if (key === options.crashOn) {
        options.crashOn = undefined;
        throw new Error(`process killed before writing ${key}`);
      }
      put(key, path);
    },
    copyOutput: async (from, to) => {
      if (!existsSync(join(root, from))) return false;
      put(to, join(root, from));
      return true;
    },
    putOutputIf: async (key, path, condition) => {
      if (conflicts > 0) {
        conflicts--;
        return 'conflict';
      }
      const current = etags.get(key);
      const ok = 'ifMatch' in condition ? condition.ifMatch === current : current === undefined;
      if (!ok) return 'conflict';
      put(key, path);
      return 'written';
    },
  };
  return store;
}

const incoming = Object.fromEntries(Object.entries(BASE_BATCH).map(([name, body]) => [`incoming/b1/${name}`, body]));

describe('runBatchJob', () => {
  it('uploads the outputs, then the warehouse, then the manifest', async () => {
    const store = fakeStore({ ...incoming, 'incoming/b1/_SUCCESS': '', 'incoming/b1/sub/rentas.csv': 'x' });
    const result = await runBatchJob({ batchId: 'b1', config: loadConfig({}), store, workDir: tempDir() });
    expect(result.attempts).toBe(1);
    expect(store.keys()).toEqual([
      'batches/b1/rentas.db',
      'batches/b1/vehiculos_mas_reservados.csv',
      'batches/b1/top_vehiculos.csv',
      'batches/b1/report.html',
      'batches/b1/manifest.pending.json',
      'warehouse/rentas.db',
      'batches/b1/manifest.json',
    ]);
  });

  it('re-applies the batch on a newer warehouse when another job replaced it first, and says so', async () => {
    const logs: string[] = [];
    const store = fakeStore(incoming, { conflicts: 2 });
    const result = await runBatchJob({ batchId: 'b1', config: loadConfig({}), store, workDir: tempDir(), log: (m) => logs.push(m) });
    expect(result.attempts).toBe(3);
    expect(logs.filter((m) => m === 'warehouse changed by another job, re-applying the batch')).toHaveLength(2);
    expect(result.manifest.tables.rentas.inserted).toBe(3);
  });

  it('gives up with a retryable error after the last attempt', async () => {
    const store = fakeStore(incoming, { conflicts: 10 });
    await expect(runBatchJob({ batchId: 'b1', config: loadConfig({}), store, workDir: tempDir(), maxAttempts: 3 })).rejects.toMatchObject({
      code: 'WAREHOUSE_CONTENTION',
      message: expect.stringContaining('gave up after 3 attempts'),
    });
  });

  it('publishes the counts of the first run when re-run after stopping between the warehouse and the manifest', async () => {
    const store = fakeStore(incoming, { crashOn: 'batches/b1/manifest.json' });
    const config = loadConfig({});
    await expect(runBatchJob({ batchId: 'b1', config, store, workDir: tempDir() })).rejects.toThrow('process killed');
    const logs: string[] = [];
    const rerun = await runBatchJob({ batchId: 'b1', config, store, workDir: tempDir(), log: (m) => logs.push(m) });
    expect(logs).toContain('batch already in the warehouse, manifest published');
    expect(rerun.manifest.tables.rentas).toMatchObject({ inserted: 3, unchanged: 0 });
  });

  it('applies the batch again when its files changed since it was applied', async () => {
    const store = fakeStore(incoming);
    const config = loadConfig({});
    await runBatchJob({ batchId: 'b1', config, store, workDir: tempDir() });
    const changed = fakeStore({ ...incoming, 'incoming/b1/rentas.csv': `${incoming['incoming/b1/rentas.csv']}4,1,1,1,1,2024-03-01,2024-03-02,5\n` });
    Object.assign(changed, { downloadOutput: store.downloadOutput, putOutputIf: store.putOutputIf, copyOutput: store.copyOutput });
    const again = await runBatchJob({ batchId: 'b1', config, store: changed, workDir: tempDir() });
    expect(again.manifest.tables.rentas).toMatchObject({ inserted: 1, unchanged: 3 });
  });
});
