// Types of template.mjs (plain JS so `npm run bundle:functions` runs on Node 20 without a build).
import type { CollectionTag, ScalarTag } from 'yaml';

/** A parsed template.yaml, or any value in it: plain JSON, intrinsics in their long form (`{ Ref }`, `{ 'Fn::Sub' }`). */
export type Json = string | number | boolean | null | Json[] | JsonMap;
export interface JsonMap {
  [key: string]: Json;
}

export declare const ROOT: string;
export declare function cloudFormationTags(): (ScalarTag | CollectionTag)[];
export declare function readTemplate(root?: string): Json;
export declare function resourcesOfType(template: Json, type: string): [string, Json][];
export declare function isIntrinsic(value: unknown): value is JsonMap;
export declare function functionProperties(template: Json, logicalId: string): Json;
export declare function at(value: Json | undefined, ...path: (string | number)[]): Json | undefined;
export declare function entriesOf(value: Json | undefined): [string, Json][];
