import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The folders say who may use whom: functions/ and batch-job/ build on common/ and never on
// each other, product code never reaches into scripts/ or tests/, and the ETL core stays
// free of AWS. This test reads every import of the repository and holds it to those rules.

const ROOT = resolve(import.meta.dirname, '../..');
const SOURCE = /\.(ts|mts|mjs)$/;

interface Edge {
  from: string;
  to: string;
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && SOURCE.test(e.name) && !e.name.endsWith('.d.mts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

const IMPORT = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Every import of a file: relative ones resolved to repository paths, packages by name. */
function importsOf(file: string): Edge[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specs: { spec: string; typeOnly: boolean }[] = [];
  for (const m of text.matchAll(IMPORT)) specs.push({ spec: m[3], typeOnly: m[2] !== undefined });
  for (const m of text.matchAll(DYNAMIC)) specs.push({ spec: m[1], typeOnly: false });
  return specs.map(({ spec, typeOnly }) => {
    if (!spec.startsWith('.')) return { from: file, to: spec, typeOnly };
    const target = relative(ROOT, resolve(ROOT, dirname(file), spec)).replace(/\.js$/, '.ts');
    return { from: file, to: target, typeOnly };
  });
}

const PRODUCT = ['common', 'functions', 'batch-job/src'];
const files = [...PRODUCT, 'scripts', 'tests'].flatMap(sourceFiles);
const edges = files.flatMap(importsOf);
const under = (path: string, folder: string): boolean => path === folder || path.startsWith(`${folder}/`);
const isProduct = (path: string): boolean => PRODUCT.some((p) => under(path, p));

/** The AWS-free core: parsing, validation, SQL, aggregation and the table contracts. */
const CORE = ['batch-job/src/core', 'common/tables', 'common/header.ts', 'common/errors.ts', 'common/manifest.ts'];
const AWS_PACKAGE = /^@aws-sdk\/|^@aws-lambda-powertools\/|^aws-lambda$/;

const violations = (rule: (e: Edge) => boolean): string[] =>
  edges.filter(rule).map((e) => `${e.from} imports ${e.to}`);

describe('import graph', () => {
  it('reads the imports of every source folder', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(edges.some((e) => e.from.startsWith('functions/') && e.to.startsWith('common/'))).toBe(true);
  });

  it('keeps common/ free of functions/, batch-job/, scripts/ and tests/', () => {
    expect(violations((e) => under(e.from, 'common') && ['functions', 'batch-job', 'scripts', 'tests'].some((f) => under(e.to, f)))).toEqual([]);
  });

  it('keeps functions/ and batch-job/ apart: both build on common/ only', () => {
    expect(violations((e) => under(e.from, 'functions') && under(e.to, 'batch-job'))).toEqual([]);
    expect(violations((e) => under(e.from, 'batch-job') && under(e.to, 'functions'))).toEqual([]);
  });

  it('keeps the two Lambdas from importing each other', () => {
    expect(violations((e) => under(e.from, 'functions/validate-upload') && under(e.to, 'functions/index-output'))).toEqual([]);
    expect(violations((e) => under(e.from, 'functions/index-output') && under(e.to, 'functions/validate-upload'))).toEqual([]);
  });

  it('never lets product code import scripts/ or tests/', () => {
    expect(violations((e) => isProduct(e.from) && (under(e.to, 'scripts') || under(e.to, 'tests')))).toEqual([]);
  });

  it('keeps the ETL core free of the AWS SDK, the logger and the AWS clients', () => {
    const inCore = (p: string): boolean => CORE.some((c) => under(p, c));
    expect(
      violations((e) => inCore(e.from) && (AWS_PACKAGE.test(e.to) || e.to === 'common/aws-clients.ts' || e.to === 'common/logger.ts')),
    ).toEqual([]);
  });

  it('has no import cycle in product code (type-only imports aside)', () => {
    const graph = new Map<string, string[]>();
    for (const e of edges) {
      if (e.typeOnly || !isProduct(e.from) || !isProduct(e.to)) continue;
      graph.set(e.from, [...(graph.get(e.from) ?? []), e.to]);
    }
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (node: string, path: string[]): void => {
      if (state.get(node) === 'done') return;
      if (state.get(node) === 'open') {
        cycles.push([...path.slice(path.indexOf(node)), node].join(' -> '));
        return;
      }
      state.set(node, 'open');
      for (const next of graph.get(node) ?? []) visit(next, [...path, node]);
      state.set(node, 'done');
    };
    for (const node of graph.keys()) visit(node, []);
    expect(cycles).toEqual([]);
  });
});
