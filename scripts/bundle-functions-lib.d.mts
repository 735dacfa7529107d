// Types of bundle-functions-lib.mjs (plain JS so `npm run bundle:functions` runs on Node 20 without a build).
import type { BuildOptions, Metafile } from 'esbuild';

export declare const ROOT: string;
export declare const TARGETS: Readonly<{ maxBytes: number; maxInitMs: number }>;

export interface TemplateFunction {
  logicalId: string;
  /** Folder name of the entry point, e.g. `validate-upload`. */
  name: string;
  /** Relative to the repository root. */
  entryPoint: string;
  /** The esbuild command line `sam build` runs (without --outdir). */
  args: string[];
  /** The same command line as esbuild build options. */
  options: BuildOptions & { entryPoints: string[] };
  handlerModule: string;
  handlerExport: string;
  /** The function's environment variables with literal values, as `sam build` deploys them (Globals merged, NODE_OPTIONS added for source maps). */
  env: Record<string, string>;
}

export interface NativeModule {
  module: string;
  /** false when imported as an external (left for the runtime to load). */
  bundled: boolean;
  /** Inputs from the entry point to the module. */
  chain: string[];
}

export interface FunctionBundle extends TemplateFunction {
  outfile: string;
  bytes: number;
  inputs: string[];
  native: NativeModule[];
  betterSqlite3: boolean;
  largest: { name: string; bytes: number }[];
  metafile: Metafile;
}

export interface InitTimes {
  times: number[];
  medianMs: number;
  /** Median CPU time (user + system) of the import. */
  medianCpuMs: number;
  /** `typeof` the handler export, as seen by the importing process. */
  handlerType: string;
}

export declare function templateFunctions(root?: string): TemplateFunction[];
export interface SamEsbuildContext {
  /** The function's Handler, whose module stands in for missing EntryPoints. */
  handler?: string;
  /** Names of package.json dependencies, made external by an External of `./node_modules/*`. */
  dependencies?: string[];
  /** The function's CodeUri folder; when given, entry points get an explicit .ts/.js and must exist. */
  codeDir?: string;
  /** Names the function in error messages. */
  where?: string;
}

export declare function samEsbuildArgs(buildProperties: Record<string, unknown>, context?: SamEsbuildContext): string[];
export declare function esbuildOptionsFromArgs(args: string[], where?: string): TemplateFunction['options'];
export declare function samBuildEnvironment(buildProperties: Record<string, unknown>, variables: Record<string, unknown>): Record<string, unknown>;
export declare function bundleFunctions(options?: { root?: string; outRoot?: string }): Promise<FunctionBundle[]>;
export declare function nativeModules(metafile: Metafile, entryPoint: string): NativeModule[];
export declare function importChain(metafile: Metafile, entryPoint: string, target: string): string[];
export declare function measureInit(bundle: FunctionBundle, options?: { runs?: number }): Promise<InitTimes>;
export declare function kb(bytes: number): string;
export declare function reportLines(bundle: FunctionBundle, init?: InitTimes): string[];
