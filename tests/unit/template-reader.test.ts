import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { at, cloudFormationTags, entriesOf, functionProperties, isIntrinsic } from '../../scripts/template.mjs';

// scripts/template.mjs reads template.yaml for the tests and the local tools.

const read = (text: string) => parse(text, { customTags: cloudFormationTags() });

describe('cloudFormationTags', () => {
  it('reads the short forms of the intrinsics as their long forms', () => {
    const doc = read(['a: !Ref Bucket', 'b: !GetAtt Queue.Arn', 'c: !Sub ${A}-x', 'd: !If [Cond, x, y]', 'e: !Sub', '  - ${A}', '  - { A: 1 }'].join('\n'));

    expect(doc).toEqual({
      a: { Ref: 'Bucket' },
      b: { 'Fn::GetAtt': ['Queue', 'Arn'] },
      c: { 'Fn::Sub': '${A}-x' },
      d: { 'Fn::If': ['Cond', 'x', 'y'] },
      e: { 'Fn::Sub': ['${A}', { A: 1 }] },
    });
    expect(isIntrinsic(doc.a)).toBe(true);
    expect(isIntrinsic({ Ref: 'A', Other: 1 })).toBe(false);
  });
});

describe('functionProperties', () => {
  const template = read(`
Globals:
  Function:
    Timeout: 30
    Layers: [global-layer]
    Environment:
      Variables:
        LOG_LEVEL: !Ref LogLevel
        SHARED: global
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Timeout: 60
      Layers: [own-layer]
      Environment:
        Variables:
          SHARED: own
          OWN: !Sub \${NamePrefix}-x
  Bucket:
    Type: AWS::S3::Bucket
`);

  it('merges Globals.Function as SAM does: maps key by key, lists appended, other values replaced', () => {
    expect(functionProperties(template, 'Fn')).toEqual({
      Timeout: 60,
      Layers: ['global-layer', 'own-layer'],
      Environment: { Variables: { LOG_LEVEL: { Ref: 'LogLevel' }, SHARED: 'own', OWN: { 'Fn::Sub': '${NamePrefix}-x' } } },
    });
  });

  it('refuses a logical id that is not a function', () => {
    expect(() => functionProperties(template, 'Bucket')).toThrow('template.yaml: Bucket is not an AWS::Serverless::Function.');
  });
});

describe('at and entriesOf', () => {
  const doc = read(['Resources:', '  Job:', '    Properties:', '      Command: [node, job.js]', '      Name: !Sub ${A}-x'].join('\n'));

  it('follows map keys and list indexes, and gives undefined where the path leads nowhere', () => {
    expect(at(doc, 'Resources', 'Job', 'Properties', 'Command', 1)).toBe('job.js');
    expect(at(doc, 'Resources', 'Missing', 'Properties')).toBeUndefined();
    expect(at(doc, 'Resources', 'Job', 'Properties', 'Command', 0, 'x')).toBeUndefined();
  });

  it('lists the entries of a map in order, and none of a list, a scalar or nothing', () => {
    expect(entriesOf(at(doc, 'Resources', 'Job', 'Properties'))).toEqual([
      ['Command', ['node', 'job.js']],
      ['Name', { 'Fn::Sub': '${A}-x' }],
    ]);
    expect(entriesOf(at(doc, 'Resources', 'Job', 'Properties', 'Command'))).toEqual([]);
    expect(entriesOf('text')).toEqual([]);
    expect(entriesOf(undefined)).toEqual([]);
  });
});
