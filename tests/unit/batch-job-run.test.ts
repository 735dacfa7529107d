import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type JobStore, runBatchJob, type WarehouseStamp } from '../../batch-job/src/batch-job-run.js';
import { loadConfig } from '../../batch-job/src/core/config.js';
import { BASE_BATCH, HEADERS, tempDir } from '../helpers/etl.js';
import { lang, setLang } from '../../common/i18n/index.js';

/**
 * An in-memory, versioned object store: objects are files in a temp folder, every write is a
 * new version (ETag `"v<n>"`, VersionId `ver-<n>`, or null with `unversioned`), the warehouse
 * keeps the metadata it was written with.
 */
function fakeStore(files: Record<string, string>, options: { conflicts?: number; crashOn?: string; unversioned?: boolean; onConflict?: () => Promise<void> } = {}) {
  const root = tempDir('store-');
  const versions = new Map<string, { etag: string; versionId: string | null; stamp?: WarehouseStamp }[]>();
  let written = 0;
  let conflicts = options.conflicts ?? 0;
  const current = (key: string) => versions.get(key)?.at(-1);
  const put = (key: string, from: string, stamp?: WarehouseStamp) => {
    written++;
    mkdirSync(dirname(join(root, key)), { recursive: true });
    copyFileSync(from, join(root, key));
    const version = { etag: `"v${written}"`, versionId: options.unversioned ? null : `ver-${written}`, stamp };
    versions.set(key, [...(versions.get(key) ?? []), version]);
    return version;
  };
  const store: JobStore & { keys(): string[]; versions(key: string): { versionId: string | null; stamp?: WarehouseStamp }[]; put: typeof put } = {
    keys: () => [...versions.keys()],
    versions: (key) => versions.get(key) ?? [],
    put,
    listInput: async (prefix) =>
      Object.keys(files)
        .filter((k) => k.startsWith(prefix))
        .map((key) => ({ key, etag: `"${files[key].length}"` })),
    downloadInput: async (key, path) => writeFileSync(path, files[key]),
    downloadOutput: async (key, path) => {
      if (!current(key)) return undefined;
      copyFileSync(join(root, key), path);
      return { etag: current(key)!.etag };
    },
    uploadOutput: async (key, path) => {
      if (key === options.crashOn) {
        options.crashOn = undefined;
        throw new Error(`process killed before writing ${key}`);
      }
      put(key, path);
    },
    listOutput: async (prefix) => [...versions.keys()].filter((k) => k.startsWith(prefix)),
    deleteOutput: async (keys) => {
      for (const key of keys) versions.delete(key);
    },
    putWarehouseIf: async (key, path, condition, stamp) => {
      if (conflicts > 0) {
        conflicts--;
        await options.onConflict?.();
        return 'conflict';
      }
      const ok = 'ifMatch' in condition ? condition.ifMatch === current(key)?.etag : current(key) === undefined;
      if (!ok) return 'conflict';
      return { versionId: put(key, path, stamp).versionId };
    },
    findWarehouseVersion: async (key, stamp) => {
      const found = (versions.get(key) ?? []).findLast((v) => v.stamp?.batchId === stamp.batchId && v.stamp.sha256 === stamp.sha256);
      return found && { versionId: found.versionId };
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

  it('gives up in Spanish when the language is es', async () => {
    const before = lang();
    setLang('es');
    try {
      const store = fakeStore(incoming, { conflicts: 10 });
      await expect(runBatchJob({ batchId: 'b1', config: loadConfig({}), store, workDir: tempDir(), maxAttempts: 2 })).rejects.toMatchObject({
        code: 'WAREHOUSE_CONTENTION',
        message: expect.stringContaining('se abandonó después de 2 intentos (otro trabajo gana cada carrera)'),
      });
    } finally {
      setLang(before);
    }
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
    Object.assign(changed, { downloadOutput: store.downloadOutput, putWarehouseIf: store.putWarehouseIf, listOutput: store.listOutput, deleteOutput: store.deleteOutput });
    const again = await runBatchJob({ batchId: 'b1', config, store: changed, workDir: tempDir() });
    expect(again.manifest.tables.rentas).toMatchObject({ inserted: 1, unchanged: 3 });
  });

  describe('the warehouse version (contract §5)', () => {
    const config = loadConfig({});
    const bigBatch = Object.fromEntries([
      ...Object.entries(BASE_BATCH)
        .filter(([name]) => name !== 'rentas.csv')
        .map(([name, body]) => [`incoming/big/${name}`, body]),
      ['incoming/big/rentas.csv', `${HEADERS.rentas}\n${Array.from({ length: 100 }, (_, i) => `${100 + i},1,1,2,1,2024-03-01 10:00,2024-03-02 10:00,700`).join('\n')}\n`],
    ]);

    it('names the version S3 gave the write, and stamps the object with the batch id and sha256; no copy goes to the batch folder', async () => {
      const store = fakeStore(incoming);
      const { manifest } = await runBatchJob({ batchId: 'b1', config, store, workDir: tempDir() });
      const [written] = store.versions('warehouse/rentas.db');
      expect(manifest.warehouse).toEqual({ key: 'warehouse/rentas.db', versionId: written.versionId, bytes: expect.any(Number), sha256: expect.stringMatching(/^[0-9a-f]{64}$/), sequence: 1 });
      expect(written.stamp).toEqual({ batchId: 'b1', sha256: manifest.warehouse!.sha256 });
      expect(manifest.outputs.map((o) => o.kind)).not.toContain('database');
      expect(store.keys().filter((k) => k.startsWith('batches/') && k.endsWith('.db'))).toEqual([]);
    });

    it('is null in a bucket without versioning', async () => {
      const { manifest } = await runBatchJob({ batchId: 'b1', config, store: fakeStore(incoming, { unversioned: true }), workDir: tempDir() });
      expect(manifest.warehouse).toMatchObject({ versionId: null });
      expect(manifest.warnings).toBeUndefined();
    });

    it('is recovered from the current version when re-run after stopping between the warehouse and the manifest', async () => {
      const store = fakeStore(incoming, { crashOn: 'batches/b1/manifest.json' });
      await expect(runBatchJob({ batchId: 'b1', config, store, workDir: tempDir() })).rejects.toThrow('process killed');
      const rerun = await runBatchJob({ batchId: 'b1', config, store, workDir: tempDir() });
      expect(rerun.manifest.warehouse?.versionId).toBe(store.versions('warehouse/rentas.db')[0].versionId);
      expect(rerun.manifest.warnings).toBeUndefined();
    });

    it('is recovered from an older version when another batch wrote the warehouse since', async () => {
      const store = fakeStore({ ...incoming, ...bigBatch }, { crashOn: 'batches/b1/manifest.json' });
      await expect(runBatchJob({ batchId: 'b1', config, store, workDir: tempDir() })).rejects.toThrow('process killed');
      await runBatchJob({ batchId: 'big', config, store, workDir: tempDir() });
      const rerun = await runBatchJob({ batchId: 'b1', config, store, workDir: tempDir() });
      const [ours, theirs] = store.versions('warehouse/rentas.db');
      expect(rerun.manifest.warehouse?.versionId).toBe(ours.versionId);
      expect(rerun.manifest.warehouse?.versionId).not.toBe(theirs.versionId);
    });

    it('is null, with a warning in the manifest, when no version carries the stamp', async () => {
      const store = fakeStore(incoming, { crashOn: 'batches/b1/manifest.json' });
      await expect(runBatchJob({ batchId: 'b1', config, store, workDir: tempDir() })).rejects.toThrow('process killed');
      const rerun = await runBatchJob({ batchId: 'b1', config, store: { ...store, findWarehouseVersion: async () => undefined }, workDir: tempDir() });
      expect(rerun.manifest.warehouse?.versionId).toBeNull();
      expect(rerun.manifest.warnings).toEqual([
        `The version of warehouse/rentas.db written by batch b1 was found neither as the current version nor among the older ones (batch id and sha256 in the object's metadata): warehouse.versionId is null.`,
      ]);
    });
  });

  it('counts what it moved: the warehouse once, the batch outputs and its two manifests', async () => {
    const { manifest, transfers } = await runBatchJob({ batchId: 'b1', config: loadConfig({}), store: fakeStore(incoming), workDir: tempDir() });
    expect(transfers.warehouseBytes).toBe(manifest.warehouse!.bytes);
    expect(transfers.outputObjects).toBe(manifest.outputs.length + 2);
    expect(transfers.outputBytes).toBeGreaterThan(manifest.outputs.reduce((sum, o) => sum + o.bytes, 0));
    expect(transfers.downloadedBytes).toBe(Object.values(BASE_BATCH).reduce((sum, body) => sum + Buffer.byteLength(body), 0));
  });

  describe('the batch folder', () => {
    const config = loadConfig({});

    it('keeps no whole aggregate export of an attempt that lost the race to a newer warehouse', async () => {
      const big = Object.fromEntries(
        Object.entries(BASE_BATCH).map(([name, body]) => [
          `incoming/big/${name}`,
          name === 'rentas.csv' ? `${HEADERS.rentas}\n${Array.from({ length: 100 }, (_, i) => `${100 + i},1,1,2,1,2024-03-01 10:00,2024-03-02 10:00,700`).join('\n')}\n` : body,
        ]),
      );
      const store: ReturnType<typeof fakeStore> = fakeStore(
        { ...incoming, ...big },
        { conflicts: 1, onConflict: async () => void (await runBatchJob({ batchId: 'big', config, store, workDir: tempDir() })) },
      );
      const result = await runBatchJob({ batchId: 'b1', config, store, workDir: tempDir() });
      expect(result.attempts).toBe(2);
      expect(result.manifest.aggregate.export).toBe('changes');
      expect(store.keys().filter((k) => k.startsWith('batches/b1/')).sort()).toEqual([
        'batches/b1/manifest.json',
        'batches/b1/manifest.pending.json',
        'batches/b1/report.html',
        'batches/b1/top_vehiculos.csv',
        'batches/b1/vehiculos_mas_reservados.cambios.csv',
      ]);
    });

    it('loses what an earlier run left there that this run does not publish', async () => {
      const store = fakeStore(incoming);
      const stale = join(tempDir(), 'stale');
      writeFileSync(stale, 'old');
      store.put('batches/b1/rentas.db', stale);
      store.put('batches/b1/rejects/clientes.csv', stale);
      store.put('batches/b10/rentas.db', stale);
      await runBatchJob({ batchId: 'b1', config, store, workDir: tempDir() });
      expect(store.keys()).not.toContain('batches/b1/rentas.db');
      expect(store.keys()).not.toContain('batches/b1/rejects/clientes.csv');
      expect(store.keys()).toContain('batches/b10/rentas.db');
    });
  });
});
