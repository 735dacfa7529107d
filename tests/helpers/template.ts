// template.yaml as the tests read it: its values typed `any`, so a test names the path it
// expects and `expect` checks the shape, as for the other JSON and YAML the tests read.
import * as reader from '../../scripts/template.mjs';

export { ROOT } from '../../scripts/template.mjs';

export type Json = any;

export const readTemplate = (root?: string): Json => reader.readTemplate(root);
export const functionProperties = (template: Json, logicalId: string): Json => reader.functionProperties(template, logicalId);
export const resourcesOfType = (template: Json, type: string): [string, Json][] => reader.resourcesOfType(template, type);
