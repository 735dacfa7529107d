// The Lambda bundles as `sam build` makes them, measured. Each function's esbuild command line
// is built from its esbuild Metadata in template.yaml exactly as aws-lambda-builders builds it
// (workflows/nodejs_npm_esbuild/esbuild.py, EsbuildCommandBuilder), then read as esbuild's
// CLI reads it, so these bundles cannot drift from the deployed ones.
// Used by scripts/bundle-functions.mjs, `npm run bench -- --lambdas` and
// tests/unit/function-bundles.test.ts; types in bundle-functions-lib.d.mts.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { functionProperties, readTemplate, resourcesOfType, ROOT } from './template.mjs';

export { ROOT };

/** Performance targets of the Lambda bundles. */
export const TARGETS = Object.freeze({ maxBytes: 1024 * 1024, maxInitMs: 150 });

/** Inputs that mean a native addon in the bundle (or a loader of one). */
const NATIVE_INPUT = /(\.node$)|(^|\/)node_modules\/(better-sqlite3|bindings|node-gyp-build)\//;
const NATIVE_EXTERNAL = /(\.node$)|^(better-sqlite3|bindings|node-gyp-build)(\/|$)/;

/**
 * Every AWS::Serverless::Function of the template, with the esbuild options `sam build` uses
 * for it and the environment it deploys with (literal values only).
 */
export function templateFunctions(root = ROOT) {
  const template = readTemplate(root);
  const dependencies = Object.keys(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).dependencies ?? {});
  return resourcesOfType(template, 'AWS::Serverless::Function').map(([logicalId, r]) => {
    const props = functionProperties(template, logicalId);
    if (r.Metadata?.BuildMethod !== 'esbuild') throw new Error(`${logicalId}: expected Metadata.BuildMethod esbuild, got ${r.Metadata?.BuildMethod}.`);
    const buildProperties = r.Metadata.BuildProperties ?? {};
    const codeUri = props.CodeUri ?? '.';
    const args = samEsbuildArgs(buildProperties, { handler: props.Handler, dependencies, codeDir: join(root, codeUri), where: logicalId });
    const options = esbuildOptionsFromArgs(args, logicalId);
    if (options.entryPoints.length !== 1) throw new Error(`${logicalId}: expected exactly one entry point, got ${JSON.stringify(options.entryPoints)}.`);
    const entryPoint = join(codeUri, options.entryPoints[0]);
    const [handlerModule, handlerExport] = splitHandler(props.Handler, logicalId);
    const variables = samBuildEnvironment(buildProperties, props.Environment?.Variables ?? {});
    const env = Object.fromEntries(Object.entries(variables).filter(([, v]) => typeof v === 'string'));
    return { logicalId, name: basename(dirname(entryPoint)), entryPoint, args, options, handlerModule, handlerExport, env };
  });
}

function splitHandler(handler, logicalId) {
  const dot = typeof handler === 'string' ? handler.lastIndexOf('.') : -1;
  if (dot < 1) throw new Error(`${logicalId}: expected Handler <module>.<export>, got ${JSON.stringify(handler)}.`);
  return [handler.slice(0, dot), handler.slice(dot + 1)];
}

// aws-lambda-builders sets these itself, and passes these others to its Node.js workflows only.
const NON_CONFIGURABLE = new Set(['bundle', 'platform', 'outdir']);
const NOT_FOR_ESBUILD = new Set(['use_npm_ci', 'entry_points']);

/**
 * The esbuild command line (without `--outdir`) that `sam build` runs for these
 * BuildProperties: SAM CLI turns the PascalCase keys into snake_case and falls back to the
 * Handler's module for EntryPoints; aws-lambda-builders then adds `--bundle --platform=node`,
 * the defaults `--target=es2020 --format=cjs --minify` for keys left out, and one flag per key:
 * `true` is `--key`, `false` is nothing at all (so `SourcesContent: false` is lost; write
 * `'false'`), a string is `--key=value` and each item of a list is `--key:item`. An External
 * of `./node_modules/*` makes every dependency of package.json external instead.
 */
export function samEsbuildArgs(buildProperties, { handler, dependencies = [], codeDir, where = 'BuildProperties' } = {}) {
  const config = Object.fromEntries(Object.entries(buildProperties).map(([key, value]) => [key.replace(/(?<!^)(?=[A-Z])/g, '_').toLowerCase(), value]));
  if (handler && !buildProperties.EntryPoints) config.entry_points = [String(handler).split('.')[0]];
  // The dependency externals come first: the builder adds them before anything else.
  const command = [];
  if ((config.external ?? []).includes('./node_modules/*')) {
    command.push(...dependencies.map((dep) => `--external:${dep}`));
    delete config.external;
  }
  const entryPoints = config.entry_points;
  if (!Array.isArray(entryPoints) || entryPoints.length === 0) throw new Error(`${where}: EntryPoints must be a non-empty list, got ${JSON.stringify(entryPoints)}.`);
  command.push(...entryPoints.map((entry) => explicitFileType(entry, codeDir, where)), '--bundle', '--platform=node');
  if (!('target' in config)) command.push('--target=es2020');
  if (!('format' in config)) command.push('--format=cjs');
  if (!('minify' in config)) command.push('--minify');
  for (const [key, value] of Object.entries(config)) {
    if (NON_CONFIGURABLE.has(key) || NOT_FOR_ESBUILD.has(key)) continue;
    const flag = `--${key.replaceAll('_', '-')}`;
    if (typeof value === 'boolean') command.push(...(value ? [flag] : []));
    else if (typeof value === 'string') command.push(`${flag}=${value}`);
    else if (Array.isArray(value)) command.push(...value.map((item) => `${flag}:${item}`));
    else throw new Error(`${where}: BuildProperties value of ${key} must be a boolean, a string or a list (sam build refuses others), got ${JSON.stringify(value)}.`);
  }
  return command;
}

/** An entry point as aws-lambda-builders passes it: as written when it has an extension, else with .ts or .js, whichever exists. */
function explicitFileType(entry, codeDir, where) {
  if (codeDir === undefined) return entry;
  if (extname(entry)) {
    if (existsSync(join(codeDir, entry))) return entry;
  } else {
    const found = ['.ts', '.js'].find((ext) => existsSync(join(codeDir, entry + ext)));
    if (found) return entry + found;
  }
  throw new Error(`${where}: entry point ${join(codeDir, entry)} does not exist.`);
}

/**
 * esbuild build options for a command line, read as esbuild's CLI reads each flag. A flag not
 * listed here is refused rather than dropped, so a new BuildProperty is mapped before it ships.
 */
export function esbuildOptionsFromArgs(args, where = 'esbuild') {
  const options = { entryPoints: [] };
  const pair = (text, flag) => {
    const at = text.indexOf('=');
    if (at < 1) throw new Error(`${where}: expected ${flag}:<name>=<value>, got ${JSON.stringify(text)}.`);
    return [text.slice(0, at), text.slice(at + 1)];
  };
  const list = (text) => text.split(',');
  const bool = (text, flag) => {
    if (text !== 'true' && text !== 'false') throw new Error(`${where}: ${flag} takes true or false, got ${JSON.stringify(text)}.`);
    return text === 'true';
  };
  const valued = {
    '--platform': (v) => (options.platform = v),
    '--target': (v) => (options.target = v.includes(',') ? list(v) : v),
    '--format': (v) => (options.format = v),
    '--sourcemap': (v) => (options.sourcemap = v),
    '--sources-content': (v, f) => (options.sourcesContent = bool(v, f)),
    '--main-fields': (v) => (options.mainFields = list(v)),
    '--conditions': (v) => (options.conditions = list(v)),
    '--resolve-extensions': (v) => (options.resolveExtensions = list(v)),
    '--tree-shaking': (v, f) => (options.treeShaking = bool(v, f)),
    '--legal-comments': (v) => (options.legalComments = v),
    '--charset': (v) => (options.charset = v),
    '--packages': (v) => (options.packages = v),
    '--tsconfig': (v) => (options.tsconfig = v),
  };
  const listed = {
    '--external': (v) => (options.external = [...(options.external ?? []), v]),
    '--inject': (v) => (options.inject = [...(options.inject ?? []), v]),
    '--drop': (v) => (options.drop = [...(options.drop ?? []), v]),
    '--loader': (v, f) => (options.loader = { ...options.loader, ...Object.fromEntries([pair(v, f)]) }),
    '--out-extension': (v, f) => (options.outExtension = { ...options.outExtension, ...Object.fromEntries([pair(v, f)]) }),
    '--banner': (v, f) => (options.banner = { ...options.banner, ...Object.fromEntries([pair(v, f)]) }),
    '--footer': (v, f) => (options.footer = { ...options.footer, ...Object.fromEntries([pair(v, f)]) }),
    '--define': (v, f) => (options.define = { ...options.define, ...Object.fromEntries([pair(v, f)]) }),
  };
  const switches = { '--bundle': 'bundle', '--minify': 'minify', '--sourcemap': 'sourcemap', '--keep-names': 'keepNames', '--splitting': 'splitting' };
  for (const arg of args) {
    if (!arg.startsWith('-')) {
      options.entryPoints.push(arg);
      continue;
    }
    const colon = /^(--[a-z-]+):(.*)$/s.exec(arg);
    const equals = /^(--[a-z-]+)=(.*)$/s.exec(arg);
    if (colon && listed[colon[1]]) listed[colon[1]](colon[2], colon[1]);
    else if (equals && valued[equals[1]]) valued[equals[1]](equals[2], equals[1]);
    else if (switches[arg]) options[switches[arg]] = true;
    else throw new Error(`${where}: esbuild flag ${JSON.stringify(arg)} is not mapped by scripts/bundle-functions-lib.mjs; add it as esbuild's CLI reads it.`);
  }
  return options;
}

/**
 * The environment `sam build` writes into the built template: with `Sourcemap: true` it
 * appends `--enable-source-maps` to NODE_OPTIONS (SAM CLI's EsbuildBundlerManager), unless
 * the function sets it already.
 */
export function samBuildEnvironment(buildProperties, variables) {
  const nodeOptions = variables.NODE_OPTIONS;
  const set = typeof nodeOptions === 'string' && nodeOptions.split(/\s+/).includes('--enable-source-maps');
  if (!buildProperties.Sourcemap || set || (nodeOptions !== undefined && typeof nodeOptions !== 'string')) return { ...variables };
  return { ...variables, NODE_OPTIONS: [nodeOptions ?? '', '--enable-source-maps'].join(' ') };
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
