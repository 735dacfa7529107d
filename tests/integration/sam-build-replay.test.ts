import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleFunctions, measureInit, ROOT, templateFunctions, type FunctionBundle } from '../../scripts/bundle-functions-lib.mjs';
import { readTemplate, resourcesOfType } from '../helpers/template.js';

// `sam build` cannot run here, so this replays what aws-lambda-builders' NodejsNpmEsbuildWorkflow
// does for each function (workflows/nodejs_npm_esbuild/workflow.py):
//   1. CopySourceAction: CodeUri (the repository root) to a scratch dir, skipping every entry
//      named .aws-sam, .git or node_modules (shutil.ignore_patterns, at any depth);
//   2. with UseNpmCi and a lock file, NodejsNpmCIAction: `npm ci` in the scratch dir, which
//      installs dev dependencies too; without it, `npm install --omit=dev`;
//   3. EsbuildBundleAction: the esbuild found under `npm root`/.bin, run in the scratch dir with
//      the Metadata's options and --outdir = the function's artifact dir.
// `npm ci` takes minutes here, so step 2 links the checkout's node_modules, which `npm ci` of
// the same lock file produces.

const BUILDER_EXCLUDES = new Set(['.aws-sam', '.git', 'node_modules']);
/** Not in a fresh clone (bench caches, local builds): left out of the copy to keep this fast, then planted. */
const LOCAL_ONLY = new Set(['out', '.cache', 'dist', 'sample']);

const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

describe('sam build, replayed', () => {
  let work: string;
  let scratch: string;
  let artifacts: string;
  let bundles: FunctionBundle[];

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'sam-build-'));
    scratch = join(work, 'scratch');
    artifacts = join(work, 'artifacts');
    cpSync(ROOT, scratch, {
      recursive: true,
      filter: (source) => {
        const name = basename(source);
        if (BUILDER_EXCLUDES.has(name)) return false;
        return !(LOCAL_ONLY.has(name) && relative(ROOT, source) === name);
      },
    });
    // A developer's bench caches and outputs, copied along by CopySourceAction.
    mkdirSync(join(scratch, 'out'), { recursive: true });
    writeFileSync(join(scratch, 'out', 'rentas.db'), 'bench output');
    mkdirSync(join(scratch, '.cache', 'bench'), { recursive: true });
    writeFileSync(join(scratch, '.cache', 'bench', 'rentas-5000000.csv'), 'id\n1\n');
    symlinkSync(realpathSync(join(ROOT, 'node_modules')), join(scratch, 'node_modules'), 'dir');
    bundles = await bundleFunctions({ root: scratch, outRoot: artifacts });
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('installs with npm ci, the only install that brings esbuild', () => {
    const functions = resourcesOfType(readTemplate(), 'AWS::Serverless::Function');
    expect(functions).toHaveLength(2);
    for (const [id, fn] of functions) expect(fn.Metadata.BuildProperties.UseNpmCi, id).toBe(true);
    // The builder uses npm ci only when a lock file is there.
    expect(existsSync(join(scratch, 'package-lock.json'))).toBe(true);
    // esbuild is a dev dependency: `npm install --omit=dev` (no UseNpmCi) leaves it out.
    expect(manifest.devDependencies.esbuild).toBeDefined();
    expect(manifest.dependencies.esbuild).toBeUndefined();
    const productionPackages = Object.entries<{ dev?: boolean }>(lock.packages)
      .filter(([path, entry]) => path !== '' && entry.dev !== true)
      .map(([path]) => path);
    expect(productionPackages.filter((path) => /node_modules\/(esbuild|@esbuild\/)/.test(path))).toEqual([]);
    expect(lock.packages['node_modules/esbuild'].dev).toBe(true);
  });

  it('finds esbuild where the builder looks for it, under `npm root`/.bin of the scratch dir', () => {
    expect(existsSync(join(scratch, 'node_modules', '.bin', 'esbuild'))).toBe(true);
    const resolved = createRequire(join(scratch, 'package.json')).resolve('esbuild');
    expect(resolved).toContain(join('node_modules', 'esbuild'));
  });

  it('bundles each function in the scratch dir with the options of its Metadata', () => {
    expect(bundles.map((b) => b.name).sort()).toEqual(['index-output', 'validate-upload']);
    const fromTemplate = new Map(templateFunctions().map((f) => [f.logicalId, f.args]));
    for (const bundle of bundles) {
      expect(bundle.args, bundle.logicalId).toEqual(fromTemplate.get(bundle.logicalId));
      expect(bundle.options).toMatchObject({ bundle: true, platform: 'node', format: 'esm', minify: true });
      expect(bundle.options.sourcemap, bundle.logicalId).toBeUndefined();
      expect(bundle.bytes).toBeGreaterThan(0);
    }
  });

  it('puts only the bundle in each function artifact: no out/, .cache/, sources or source maps', () => {
    for (const bundle of bundles) {
      expect(readdirSync(join(artifacts, bundle.name)), bundle.name).toEqual([`${bundle.handlerModule}.mjs`]);
      expect(bundle.inputs.filter((input) => /(^|\/)(out|\.cache)\//.test(input)), bundle.name).toEqual([]);
    }
    // The caches were in the scratch dir all along, as CopySourceAction leaves them.
    expect(existsSync(join(scratch, '.cache', 'bench', 'rentas-5000000.csv'))).toBe(true);
  });

  it('exports the Handler from each artifact, imported in a fresh Node process', async () => {
    for (const bundle of bundles) {
      const init = await measureInit(bundle, { runs: 1 });
      expect(init.handlerType, bundle.name).toBe('function');
    }
  });
});
