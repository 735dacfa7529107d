// template.yaml, read as CloudFormation and SAM read it: the one reader of the template for the
// tests and the local tools (bundle:functions, pipeline:local), so each of them follows what
// is deployed instead of repeating it. Plain JS so `npm run bundle:functions` runs on Node 20
// without a build; types in template.d.mts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** The repository root: scripts/.. here, and dist/.. once bundled into dist/*.js. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

const INTRINSICS = {
  Ref: 'Ref',
  Condition: 'Condition',
  Sub: 'Fn::Sub',
  GetAtt: 'Fn::GetAtt',
  If: 'Fn::If',
  Equals: 'Fn::Equals',
  Not: 'Fn::Not',
  And: 'Fn::And',
  Or: 'Fn::Or',
  Select: 'Fn::Select',
  Join: 'Fn::Join',
  Split: 'Fn::Split',
  FindInMap: 'Fn::FindInMap',
  ImportValue: 'Fn::ImportValue',
  Base64: 'Fn::Base64',
  Cidr: 'Fn::Cidr',
  GetAZs: 'Fn::GetAZs',
};

/**
 * YAML tags for CloudFormation's short-form intrinsics: `!Sub x` reads as `{ 'Fn::Sub': x }`,
 * `!GetAtt Res.Attr` as `{ 'Fn::GetAtt': ['Res', 'Attr'] }`, so callers see the long form only.
 */
export function cloudFormationTags() {
  return Object.entries(INTRINSICS).flatMap(([short, long]) => [
    // `!GetAtt Res.Attr` is the one scalar form whose long form is a list.
    { tag: `!${short}`, resolve: (value) => ({ [long]: short === 'GetAtt' ? splitGetAtt(value) : value }) },
    { tag: `!${short}`, collection: 'seq', resolve: (seq) => ({ [long]: seq.toJSON() }) },
    { tag: `!${short}`, collection: 'map', resolve: (map) => ({ [long]: map.toJSON() }) },
  ]);
}

function splitGetAtt(value) {
  const dot = value.indexOf('.');
  return [value.slice(0, dot), value.slice(dot + 1)];
}

/** Parses template.yaml (of `root`, the repository by default) with the intrinsics in their long form. */
export function readTemplate(root = ROOT) {
  return parse(readFileSync(join(root, 'template.yaml'), 'utf8'), { customTags: cloudFormationTags() });
}

/** `[logicalId, resource]` of every resource of a type, in template order. */
export function resourcesOfType(template, type) {
  return Object.entries(template.Resources ?? {}).filter(([, r]) => r.Type === type);
}

/** The value at `path` (map keys, list indexes) under `value`, or undefined where the path leads nowhere. */
export function at(value, ...path) {
  return path.reduce((v, key) => (v !== null && typeof v === 'object' ? v[key] : undefined), value);
}

/** The `[key, value]` entries of a map, in template order; none for anything else. */
export function entriesOf(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.entries(value) : [];
}

/** Is `value` an intrinsic function (`{ Ref }`, `{ 'Fn::Sub' }`, ...) rather than a map? */
export function isIntrinsic(value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0] === 'Condition' || keys[0].startsWith('Fn::'));
}

/**
 * A function's properties as SAM deploys them: Globals.Function merged under the function's
 * own, the way SAM merges globals (maps merged key by key, lists appended to the global list,
 * anything else, intrinsics included, replaced by the function's value).
 */
export function functionProperties(template, logicalId) {
  const resource = template.Resources?.[logicalId];
  if (resource?.Type !== 'AWS::Serverless::Function') throw new Error(`template.yaml: ${logicalId} is not an AWS::Serverless::Function.`);
  return mergeGlobals(template.Globals?.Function ?? {}, resource.Properties ?? {});
}

function mergeGlobals(global, local) {
  if (Array.isArray(global) && Array.isArray(local)) return [...global, ...local];
  const isMap = (v) => v !== null && typeof v === 'object' && !Array.isArray(v) && !isIntrinsic(v);
  if (!isMap(global) || !isMap(local)) return local === undefined ? global : local;
  const merged = { ...global };
  for (const [key, value] of Object.entries(local)) merged[key] = key in global ? mergeGlobals(global[key], value) : value;
  return merged;
}
