import type { Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { esbuildOptions, nativeModules } from '../../scripts/bundle-functions-lib.mjs';

// How template.yaml's esbuild Metadata maps to esbuild options; the bundles themselves are
// built and checked in tests/integration/function-bundles.test.ts.

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
