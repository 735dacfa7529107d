import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bundleFunctions,
  esbuildOptions,
  measureInit,
  nativeModules,
  TARGETS,
  templateFunctions,
  type FunctionBundle,
} from '../../scripts/bundle-functions-lib.mjs';

// The bundles are built with the esbuild options of template.yaml, as `sam build` builds them.
// Sizes and contents are asserted; init time is only printed (npm run bundle:functions).

const NAMES = templateFunctions().map((f) => f.name);

describe('Lambda bundles', () => {
  let outRoot: string;
  let bundles: Map<string, FunctionBundle>;

  beforeAll(async () => {
    outRoot = await mkdtemp(join(tmpdir(), 'function-bundles-'));
    bundles = new Map((await bundleFunctions({ outRoot })).map((b) => [b.name, b]));
  });
  afterAll(() => rm(outRoot, { recursive: true, force: true }));

  it('bundles both functions of template.yaml as ES modules named after the Handler', () => {
    expect([...NAMES].sort()).toEqual(['index-output', 'validate-upload']);
    for (const bundle of bundles.values()) {
      expect(bundle.options.format).toBe('esm');
      expect(basename(bundle.outfile)).toBe(`${bundle.handlerModule}.mjs`);
    }
  });

  it.each(NAMES)('keeps %s within 1 MB minified', (name) => {
    expect(bundles.get(name)!.bytes).toBeLessThanOrEqual(TARGETS.maxBytes);
  });

  it.each(NAMES)('includes no native module and no better-sqlite3 in %s', (name) => {
    const bundle = bundles.get(name)!;
    expect(bundle.inputs.filter((i) => i.endsWith('.node') || i.includes('better-sqlite3'))).toEqual([]);
    expect(bundle.native).toEqual([]);
    expect(bundle.betterSqlite3).toBe(false);
  });

  it.each(NAMES)('exports a handler function from %s imported in a fresh Node process', async (name) => {
    const init = await measureInit(bundles.get(name)!, { runs: 1 });
    expect(init.handlerType).toBe('function');
  });
});

describe('esbuildOptions', () => {
  it('applies the defaults of sam build when BuildProperties leave them out', () => {
    expect(esbuildOptions({ EntryPoints: ['functions/a/index.ts'] })).toEqual({
      entryPoints: ['functions/a/index.ts'],
      bundle: true,
      platform: 'node',
      target: 'es2020',
      format: 'cjs',
      minify: true,
      sourcemap: false,
    });
  });

  it('maps name=value lists to esbuild objects', () => {
    const options = esbuildOptions({
      EntryPoints: ['functions/a/index.ts'],
      OutExtension: ['.js=.mjs'],
      Banner: ['js=const a = 1;'],
      MainFields: 'module,main',
    });
    expect(options).toMatchObject({ outExtension: { '.js': '.mjs' }, banner: { js: 'const a = 1;' }, mainFields: ['module', 'main'] });
  });

  it('refuses a BuildProperties key it does not know how sam build maps', () => {
    expect(() => esbuildOptions({ EntryPoints: ['a.ts'], Splitting: true }, 'Fn')).toThrow(/Fn: BuildProperties Splitting are not mapped/);
  });
});

describe('nativeModules', () => {
  const input = (imports: Metafile['inputs'][string]['imports']) => ({ bytes: 1, imports });

  it('names the import chain from the entry point to better-sqlite3', () => {
    const metafile: Metafile = {
      inputs: {
        'functions/f/index.ts': input([{ path: 'batch-job/src/core/manifest.ts', kind: 'import-statement' }]),
        'batch-job/src/core/manifest.ts': input([{ path: 'batch-job/src/core/warehouse.ts', kind: 'import-statement' }]),
        'batch-job/src/core/warehouse.ts': input([{ path: 'node_modules/better-sqlite3/lib/index.js', kind: 'import-statement' }]),
        'node_modules/better-sqlite3/lib/index.js': input([]),
      },
      outputs: {},
    };

    expect(nativeModules(metafile, 'functions/f/index.ts')).toEqual([
      {
        module: 'node_modules/better-sqlite3/lib/index.js',
        bundled: true,
        chain: ['functions/f/index.ts', 'batch-job/src/core/manifest.ts', 'batch-job/src/core/warehouse.ts', 'node_modules/better-sqlite3/lib/index.js'],
      },
    ]);
  });

  it('reports an external import of a native module with the input that imports it', () => {
    const metafile: Metafile = {
      inputs: { 'functions/f/index.ts': input([{ path: 'better-sqlite3', kind: 'import-statement', external: true }]) },
      outputs: {},
    };

    expect(nativeModules(metafile, 'functions/f/index.ts')).toEqual([
      { module: 'better-sqlite3', bundled: false, chain: ['functions/f/index.ts', 'better-sqlite3'] },
    ]);
  });
});
