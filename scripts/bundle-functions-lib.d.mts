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
  options: BuildOptions & { entryPoints: string[] };
  handlerModule: string;
  handlerExport: string;
  /** The function's environment variables with literal values (Globals merged). */
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
export declare function esbuildOptions(props: Record<string, unknown>, where?: string): TemplateFunction['options'];
export declare function bundleFunctions(options?: { root?: string; outRoot?: string }): Promise<FunctionBundle[]>;
export declare function nativeModules(metafile: Metafile, entryPoint: string): NativeModule[];
export declare function importChain(metafile: Metafile, entryPoint: string, target: string): string[];
export declare function measureInit(bundle: FunctionBundle, options?: { runs?: number }): Promise<InitTimes>;
export declare function kb(bytes: number): string;
export declare function reportLines(bundle: FunctionBundle, init?: InitTimes): string[];
