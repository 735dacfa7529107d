import { copyFile, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import {
  esbuildOptionsFromArgs,
  nativeModules,
  ROOT,
  samBuildEnvironment,
  samEsbuildArgs,
  templateFunctions,
} from '../../scripts/bundle-functions-lib.mjs';
import { type Json, readTemplate } from '../helpers/template.js';

// How template.yaml's esbuild Metadata maps to esbuild options; the bundles themselves are
// built and checked in tests/integration/function-bundles.test.ts.

describe('templateFunctions', () => {
  const template = readTemplate();

  it.each(templateFunctions().map((f) => [f.logicalId, f] as const))('builds %s with the esbuild options of its Metadata', (logicalId, fn) => {
    const props: Json = template.Resources[logicalId].Metadata.BuildProperties;
    const pairs = (list: string[]) => Object.fromEntries(list.map((item) => [item.slice(0, item.indexOf('=')), item.slice(item.indexOf('=') + 1)]));

    expect(fn.options).toEqual({
      entryPoints: props.EntryPoints,
      bundle: true,
      platform: 'node',
      format: props.Format,
      target: props.Target,
      minify: props.Minify,
      // sam build passes a `false` BuildProperty as no flag at all, so esbuild's default stays.
      ...(props.Sourcemap === true ? { sourcemap: true } : {}),
      mainFields: props.MainFields.split(','),
      outExtension: pairs(props.OutExtension),
      banner: pairs(props.Banner),
      ...(props.SourcesContent === false || props.SourcesContent === undefined ? {} : { sourcesContent: props.SourcesContent === 'true' }),
    });
  });

  it('follows a change of the template', async () => {
    const root = await mkdtemp(join(tmpdir(), 'template-change-'));
    try {
      const original = await readFile(join(ROOT, 'template.yaml'), 'utf8');
      await writeFile(join(root, 'template.yaml'), original.replaceAll('Target: es2022', 'Target: node22').replaceAll('Sourcemap: false', 'Sourcemap: true'));
      await copyFile(join(ROOT, 'package.json'), join(root, 'package.json'));
      await symlink(join(ROOT, 'functions'), join(root, 'functions'));

      for (const fn of templateFunctions(root)) {
        expect(fn.options).toMatchObject({ target: 'node22', sourcemap: true });
        expect(fn.env).toMatchObject({ NODE_OPTIONS: ' --enable-source-maps' });
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('deploys each function with the environment of the template, without source maps to load at start', () => {
    for (const fn of templateFunctions()) {
      expect(fn.env).toMatchObject({ AWS_ENDPOINT_URL: '', POWERTOOLS_SERVICE_NAME: fn.name });
      expect(fn.env).not.toHaveProperty('NODE_OPTIONS');
      expect(fn.env).not.toHaveProperty('LOG_LEVEL');
    }
  });
});

describe('samEsbuildArgs', () => {
  // The expectations are those of aws-lambda-builders' own tests (tests/unit/workflows/nodejs_npm_esbuild/test_esbuild.py).
  it('adds --bundle, --platform=node and the defaults for the keys left out', () => {
    expect(samEsbuildArgs({ EntryPoints: ['x.js'] })).toEqual(['x.js', '--bundle', '--platform=node', '--target=es2020', '--format=cjs', '--minify']);
  });

  it('turns true into a flag, a string into --key=value and each list item into --key:item, and drops false', () => {
    const args = samEsbuildArgs({
      EntryPoints: ['x.js'],
      Minify: true,
      Sourcemap: false,
      SourcesContent: 'false',
      Format: 'esm',
      Target: 'node20',
      Loader: ['.proto=text', '.json=js'],
      External: ['aws-sdk', 'axios'],
      OutExtension: ['.js=.mjs'],
      MainFields: 'module,main',
    });

    expect(args).toEqual([
      'x.js',
      '--bundle',
      '--platform=node',
      '--minify',
      '--sources-content=false',
      '--format=esm',
      '--target=node20',
      '--loader:.proto=text',
      '--loader:.json=js',
      '--external:aws-sdk',
      '--external:axios',
      '--out-extension:.js=.mjs',
      '--main-fields=module,main',
    ]);
  });

  it('loses SourcesContent: false, as sam build does', () => {
    expect(samEsbuildArgs({ EntryPoints: ['x.js'], SourcesContent: false })).not.toContainEqual(expect.stringContaining('sources-content'));
  });

  it('takes the entry point from the Handler when EntryPoints is missing, with the extension that exists', () => {
    expect(samEsbuildArgs({}, { handler: 'functions/index-output/index.handler', codeDir: ROOT })[0]).toBe('functions/index-output/index.ts');
    expect(() => samEsbuildArgs({ EntryPoints: ['missing.ts'] }, { codeDir: ROOT, where: 'Fn' })).toThrow(/^Fn: entry point .*missing\.ts does not exist\.$/);
  });

  it('makes every dependency external for an External of ./node_modules/*', () => {
    const args = samEsbuildArgs({ EntryPoints: ['x.js'], External: ['./node_modules/*'] }, { dependencies: ['csv-parse', 'uuidv4'] });

    expect(args).toEqual(['--external:csv-parse', '--external:uuidv4', 'x.js', '--bundle', '--platform=node', '--target=es2020', '--format=cjs', '--minify']);
  });

  it('refuses a value sam build cannot pass', () => {
    expect(() => samEsbuildArgs({ EntryPoints: ['x.js'], Target: 2020 }, { where: 'Fn' })).toThrow(/^Fn: BuildProperties value of target must be/);
  });
});

describe('esbuildOptionsFromArgs', () => {
  it('reads each flag as the esbuild CLI does', () => {
    const options = esbuildOptionsFromArgs([
      'x.ts',
      '--bundle',
      '--platform=node',
      '--target=es2022,node22',
      '--sourcemap=external',
      '--sources-content=false',
      '--main-fields=module,main',
      '--out-extension:.js=.mjs',
      '--banner:js=const a = 1;',
      '--external:aws-sdk',
      '--external:axios',
    ]);

    expect(options).toEqual({
      entryPoints: ['x.ts'],
      bundle: true,
      platform: 'node',
      target: ['es2022', 'node22'],
      sourcemap: 'external',
      sourcesContent: false,
      mainFields: ['module', 'main'],
      outExtension: { '.js': '.mjs' },
      banner: { js: 'const a = 1;' },
      external: ['aws-sdk', 'axios'],
    });
  });

  it('refuses a flag it does not know how esbuild reads', () => {
    expect(() => esbuildOptionsFromArgs(['x.ts', '--jsx=automatic'], 'Fn')).toThrow(/^Fn: esbuild flag "--jsx=automatic" is not mapped/);
  });
});

describe('samBuildEnvironment', () => {
  it('appends --enable-source-maps to NODE_OPTIONS when the function ships source maps', () => {
    expect(samBuildEnvironment({ Sourcemap: true }, { A: 'x' })).toEqual({ A: 'x', NODE_OPTIONS: ' --enable-source-maps' });
    expect(samBuildEnvironment({ Sourcemap: true }, { NODE_OPTIONS: '--max-old-space-size=200' })).toEqual({
      NODE_OPTIONS: '--max-old-space-size=200 --enable-source-maps',
    });
  });

  it('leaves the environment alone without source maps or when they are enabled already', () => {
    expect(samBuildEnvironment({ Sourcemap: false }, { A: 'x' })).toEqual({ A: 'x' });
    expect(samBuildEnvironment({ Sourcemap: true }, { NODE_OPTIONS: '--enable-source-maps' })).toEqual({ NODE_OPTIONS: '--enable-source-maps' });
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
