// The Lambda bundles as `sam build` makes them, measured. The esbuild options are read from
// the esbuild Metadata of template.yaml and mapped the way aws-lambda-builders maps them
// (nodejs_npm_esbuild/esbuild.py: `--bundle --platform=node`, Target es2020 / Format cjs /
// Minify on when absent), so these bundles cannot drift from the deployed ones.
// Used by scripts/bundle-functions.mjs, `npm run bench -- --lambdas` and
// tests/unit/function-bundles.test.ts; types in bundle-functions-lib.d.mts.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, dirname, extname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { parse } from 'yaml';

/** The repository root: scripts/.. here, and dist/.. once bundled into dist/bench.js. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Performance targets of the Lambda bundles. */
export const TARGETS = Object.freeze({ maxBytes: 1024 * 1024, maxInitMs: 150 });

/** Inputs that mean a native addon in the bundle (or a loader of one). */
const NATIVE_INPUT = /(\.node$)|(^|\/)node_modules\/(better-sqlite3|bindings|node-gyp-build)\//;
const NATIVE_EXTERNAL = /(\.node$)|^(better-sqlite3|bindings|node-gyp-build)(\/|$)/;

// CloudFormation short forms (!Ref, !Sub, ...) resolve to their long form; only literal values
// (Metadata, string environment variables) are used here.
const INTRINSICS = ['Ref', 'Condition', 'Sub', 'GetAtt', 'If', 'Equals', 'Not', 'And', 'Or', 'Select', 'Join', 'Split', 'FindInMap', 'ImportValue', 'Base64', 'Cidr', 'GetAZs'];
const CFN_TAGS = INTRINSICS.flatMap((name) => {
  const long = name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
  return [
    { tag: `!${name}`, resolve: (value) => ({ [long]: value }) },
    { tag: `!${name}`, collection: 'seq', resolve: (seq) => ({ [long]: seq.toJSON() }) },
    { tag: `!${name}`, collection: 'map', resolve: (map) => ({ [long]: map.toJSON() }) },
  ];
});

// BuildProperties aws-lambda-builders passes on to esbuild; any other key is refused rather
// than silently dropped, so a new one is mapped here before it ships.
const SAM_BUILD_PROPERTIES = ['EntryPoints', 'Minify', 'Sourcemap', 'Target', 'Format', 'MainFields', 'SourcesContent', 'External', 'Loader', 'OutExtension', 'Banner'];

/** Every AWS::Serverless::Function of the template, with its esbuild options and literal environment. */
export function templateFunctions(root = ROOT) {
  const template = parse(readFileSync(join(root, 'template.yaml'), 'utf8'), { customTags: CFN_TAGS });
  const globals = template.Globals?.Function ?? {};
  return Object.entries(template.Resources)
    .filter(([, r]) => r.Type === 'AWS::Serverless::Function')
    .map(([logicalId, r]) => {
      const props = r.Properties ?? {};
      if (r.Metadata?.BuildMethod !== 'esbuild') throw new Error(`${logicalId}: expected Metadata.BuildMethod esbuild, got ${r.Metadata?.BuildMethod}.`);
      const options = esbuildOptions(r.Metadata.BuildProperties ?? {}, logicalId);
      const codeUri = props.CodeUri ?? globals.CodeUri ?? '.';
      const entryPoint = join(codeUri, options.entryPoints[0]);
      const [handlerModule, handlerExport] = splitHandler(props.Handler ?? globals.Handler, logicalId);
      const variables = { ...globals.Environment?.Variables, ...props.Environment?.Variables };
      const env = Object.fromEntries(Object.entries(variables).filter(([, v]) => typeof v === 'string'));
      return { logicalId, name: basename(dirname(entryPoint)), entryPoint, options, handlerModule, handlerExport, env };
    });
}

function splitHandler(handler, logicalId) {
  const dot = typeof handler === 'string' ? handler.lastIndexOf('.') : -1;
  if (dot < 1) throw new Error(`${logicalId}: expected Handler <module>.<export>, got ${JSON.stringify(handler)}.`);
  return [handler.slice(0, dot), handler.slice(dot + 1)];
}

/** SAM BuildProperties → esbuild build options, with SAM's defaults. */
export function esbuildOptions(props, where = 'BuildProperties') {
  const unknown = Object.keys(props).filter((k) => !SAM_BUILD_PROPERTIES.includes(k));
  if (unknown.length > 0) throw new Error(`${where}: BuildProperties ${unknown.join(', ')} are not mapped by scripts/bundle-functions-lib.mjs; map them as aws-lambda-builders does.`);
  const entryPoints = props.EntryPoints;
  if (!Array.isArray(entryPoints) || entryPoints.length !== 1) throw new Error(`${where}: expected exactly one EntryPoints item, got ${JSON.stringify(entryPoints)}.`);
  const pairs = (list, key) =>
    Object.fromEntries(
      (list ?? []).map((item) => {
        const at = String(item).indexOf('=');
        if (at < 1) throw new Error(`${where}: expected ${key} items of the form name=value, got ${JSON.stringify(item)}.`);
        return [item.slice(0, at), item.slice(at + 1)];
      }),
    );
  return {
    entryPoints,
    bundle: true,
    platform: 'node',
    target: props.Target ?? 'es2020',
    format: props.Format ?? 'cjs',
    minify: props.Minify === undefined ? true : props.Minify === true,
    sourcemap: props.Sourcemap === true,
    ...(props.MainFields !== undefined ? { mainFields: String(props.MainFields).split(',') } : {}),
    ...(props.SourcesContent !== undefined ? { sourcesContent: String(props.SourcesContent) !== 'false' } : {}),
    ...(props.External ? { external: props.External } : {}),
    ...(props.Loader ? { loader: pairs(props.Loader, 'Loader') } : {}),
    ...(props.OutExtension ? { outExtension: pairs(props.OutExtension, 'OutExtension') } : {}),
    ...(props.Banner ? { banner: pairs(props.Banner, 'Banner') } : {}),
  };
}

/**
 * Bundles every function of the template into `<outRoot>/<name>/` (dist/functions by default)
 * and reports, per function, the minified size and the native modules the metafile shows,
 * each with the import chain that pulls it in.
 */
export async function bundleFunctions({ root = ROOT, outRoot = join(root, 'dist', 'functions') } = {}) {
  const bundles = [];
  for (const fn of templateFunctions(root)) {
    const outdir = join(outRoot, fn.name);
    const { metafile } = await build({ ...fn.options, entryPoints: [fn.entryPoint], outdir, absWorkingDir: root, metafile: true, logLevel: 'warning' });
    const [outKey, output] = Object.entries(metafile.outputs).find(([k]) => !k.endsWith('.map'));
    const outfile = join(root, outKey);
    const expected = ['.mjs', '.js', '.cjs'].map((ext) => `${fn.handlerModule}${ext}`);
    if (!expected.includes(basename(outfile))) throw new Error(`${fn.logicalId}: Handler module ${fn.handlerModule} does not match the bundle ${basename(outfile)}.`);
    const native = nativeModules(metafile, fn.entryPoint);
    bundles.push({
      ...fn,
      outfile,
      bytes: output.bytes,
      inputs: Object.keys(metafile.inputs),
      native,
      betterSqlite3: native.some((n) => n.module.includes('better-sqlite3')),
      largest: largestPackages(output),
      metafile,
    });
  }
  return bundles;
}

/** Native addons (or their loaders) among the metafile's inputs and external imports, each with its import chain. */
export function nativeModules(metafile, entryPoint) {
  const found = [];
  for (const [path, input] of Object.entries(metafile.inputs)) {
    if (NATIVE_INPUT.test(path)) found.push({ module: path, bundled: true, chain: importChain(metafile, entryPoint, path) });
    for (const imp of input.imports) {
      if (imp.external && NATIVE_EXTERNAL.test(imp.path)) found.push({ module: imp.path, bundled: false, chain: [...importChain(metafile, entryPoint, path), imp.path] });
    }
  }
  return found;
}

/** The shortest chain of inputs from the entry point to `target` (breadth-first over the metafile's imports). */
export function importChain(metafile, entryPoint, target) {
  const start = entryPoint.split('\\').join('/');
  const from = new Map([[start, undefined]]);
  const queue = [start];
  while (queue.length > 0) {
    const at = queue.shift();
    if (at === target) break;
    for (const imp of metafile.inputs[at]?.imports ?? []) {
      if (imp.external || from.has(imp.path)) continue;
      from.set(imp.path, at);
      queue.push(imp.path);
    }
  }
  if (!from.has(target)) return [target];
  const chain = [];
  for (let at = target; at !== undefined; at = from.get(at)) chain.unshift(at);
  return chain;
}

/** Bytes of the output per package (or per source folder outside node_modules), largest first. */
function largestPackages(output, count = 3) {
  const sizes = new Map();
  for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
    const pkg = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? dirname(path);
    sizes.set(pkg, (sizes.get(pkg) ?? 0) + bytesInOutput);
  }
  return [...sizes].sort((a, b) => b[1] - a[1]).slice(0, count).map(([name, bytes]) => ({ name, bytes }));
}

const run = promisify(execFile);

/**
 * Imports the bundle in `runs` fresh Node processes with the function's environment (its
 * NODE_OPTIONS included, as on Lambda) and returns the module initialisation times (import
 * start to end, Node's own start-up excluded), their median, and what the handler export is.
 * The CPU time of the import is kept beside the wall time: on a shared machine it is the
 * steadier of the two.
 */
export async function measureInit(bundle, { runs = 5 } = {}) {
  const url = pathToFileURL(bundle.outfile).href;
  const code =
    `const c=process.cpuUsage(); const t=performance.now(); const m=await import(${JSON.stringify(url)}); ` +
    `const ms=performance.now()-t; const u=process.cpuUsage(c); ` +
    `console.log(JSON.stringify({ ms, cpuMs: (u.user+u.system)/1000, handler: typeof m[${JSON.stringify(bundle.handlerExport)}] }))`;
  const times = [];
  const cpuTimes = [];
  let handlerType = 'undefined';
  for (let i = 0; i < runs; i++) {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', code], { env: { ...process.env, ...bundle.env }, cwd: dirname(bundle.outfile) });
    const line = JSON.parse(stdout.trim().split('\n').pop());
    times.push(line.ms);
    cpuTimes.push(line.cpuMs);
    handlerType = line.handler;
  }
  return { times, medianMs: median(times), medianCpuMs: median(cpuTimes), handlerType };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const kb = (bytes) => (bytes / 1024).toFixed(1);

/** The report lines of one bundle, with each target marked met or missed. */
export function reportLines(bundle, init) {
  const mark = (ok) => (ok ? 'ok' : 'MISSED');
  const sizeOk = bundle.bytes <= TARGETS.maxBytes;
  const lines = [
    `${bundle.name} (${relative(ROOT, bundle.outfile)}, ${extname(bundle.outfile)} ${bundle.options.format}):`,
    `  size ${bundle.bytes} bytes = ${kb(bundle.bytes)} KB minified (target <= ${kb(TARGETS.maxBytes)} KB: ${mark(sizeOk)}); ` +
      `largest: ${bundle.largest.map((p) => `${p.name} ${kb(p.bytes)} KB`).join(', ')}`,
    `  native modules: ${bundle.native.length === 0 ? 'none' : bundle.native.map((n) => n.module).join(', ')} (${mark(bundle.native.length === 0)}); ` +
      `better-sqlite3: ${bundle.betterSqlite3 ? 'PRESENT' : 'absent'} (${mark(!bundle.betterSqlite3)})`,
  ];
  for (const n of bundle.native) lines.push(`    ${n.module} ${n.bundled ? 'bundled' : 'imported (external)'} via ${n.chain.join(' -> ')}`);
  if (init) {
    lines.push(
      `  init median ${init.medianMs.toFixed(1)} ms (CPU ${init.medianCpuMs.toFixed(1)} ms) over ${init.times.length} fresh processes ` +
        `(${init.times.map((t) => t.toFixed(1)).join(', ')}; NODE_OPTIONS=${bundle.env.NODE_OPTIONS ?? ''}) ` +
        `(target <= ${TARGETS.maxInitMs} ms: ${mark(init.medianMs <= TARGETS.maxInitMs)}); ${bundle.handlerExport} export: ${init.handlerType}`,
    );
  }
  return lines;
}
