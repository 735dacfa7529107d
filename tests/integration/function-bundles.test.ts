import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleFunctions, measureInit, TARGETS, templateFunctions, type FunctionBundle } from '../../scripts/bundle-functions-lib.mjs';

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
