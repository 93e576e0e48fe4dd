import { describe, expect, it } from 'vitest';
import type { CodeSystem, ValueSet } from '@medplum/fhirtypes';
import { codeSystemConcepts, expandValueSet, ExpansionError, type TerminologyLookup } from './value-set-expansion.ts';

const LAB: CodeSystem = {
  resourceType: 'CodeSystem',
  url: 'urn:lab',
  status: 'active',
  content: 'complete',
  concept: [
    { code: 'ROUTINE', display: '常规检查', concept: [{ code: 'CBC', display: '血常规' }, { code: 'UA', display: '尿常规' }] },
    { code: 'LFT', display: '肝功能' },
  ],
};
const UNITS: CodeSystem = { resourceType: 'CodeSystem', url: 'urn:units', status: 'active', content: 'complete', concept: [{ code: 'g/L', display: '克每升' }] };

function lookup(valueSets: ValueSet[] = []): TerminologyLookup & { fetched: string[] } {
  const fetched: string[] = [];
  return {
    fetched,
    codeSystem: async (url) => {
      fetched.push(url);
      return [LAB, UNITS].find((cs) => cs.url === url);
    },
    valueSet: async (url) => valueSets.find((vs) => vs.url === url),
  };
}

describe('ValueSet expansion in the browser', () => {
  it('flattens CodeSystem hierarchies in document order', () => {
    expect(codeSystemConcepts(LAB).map((c) => c.code)).toEqual(['ROUTINE', 'CBC', 'UA', 'LFT']);
    expect(codeSystemConcepts(LAB)[1]).toEqual({ system: 'urn:lab', code: 'CBC', display: '血常规' });
  });

  it('includes whole CodeSystems and listed concepts, takes missing displays from the CodeSystem, applies excludes', async () => {
    const vs: ValueSet = {
      resourceType: 'ValueSet',
      url: 'urn:vs:lab',
      status: 'active',
      compose: {
        include: [{ system: 'urn:lab' }, { system: 'urn:units', concept: [{ code: 'g/L' }, { code: 'mmol/L', display: '毫摩尔每升' }] }],
        exclude: [{ system: 'urn:lab', concept: [{ code: 'ROUTINE' }] }],
      },
    };
    const l = lookup();
    const concepts = await expandValueSet(vs, l);
    expect(concepts.map((c) => `${c.system}|${c.code}|${c.display}`)).toEqual(['urn:lab|CBC|血常规', 'urn:lab|UA|尿常规', 'urn:lab|LFT|肝功能', 'urn:units|g/L|克每升', 'urn:units|mmol/L|毫摩尔每升']);
    // Each CodeSystem is fetched once even when include and exclude both name it.
    expect(l.fetched.filter((u) => u === 'urn:lab')).toHaveLength(1);
  });

  it('uses a stored expansion as is, skipping abstract groupers', async () => {
    const vs: ValueSet = {
      resourceType: 'ValueSet',
      status: 'active',
      expansion: { timestamp: '2026-01-01', contains: [{ abstract: true, display: '组', contains: [{ system: 'urn:x', code: 'a', display: '甲' }] }, { system: 'urn:x', code: 'b' }] },
    };
    expect(await expandValueSet(vs, lookup())).toEqual([
      { system: 'urn:x', code: 'a', display: '甲' },
      { system: 'urn:x', code: 'b', display: 'b' },
    ]);
  });

  it('expands included ValueSets, intersecting with a system named in the same include', async () => {
    const inner: ValueSet = { resourceType: 'ValueSet', url: 'urn:vs:inner', status: 'active', compose: { include: [{ system: 'urn:lab', concept: [{ code: 'CBC' }, { code: 'LFT' }] }] } };
    const outer: ValueSet = { resourceType: 'ValueSet', url: 'urn:vs:outer', status: 'active', compose: { include: [{ valueSet: ['urn:vs:inner'] }, { system: 'urn:lab', valueSet: ['urn:vs:inner'], concept: [{ code: 'UA' }, { code: 'LFT' }] }] } };
    const codes = (await expandValueSet(outer, lookup([inner]))).map((c) => c.code);
    expect(codes).toEqual(['CBC', 'LFT']);
  });

  it('refuses what only the server can expand, naming it', async () => {
    const missing: ValueSet = { resourceType: 'ValueSet', url: 'urn:vs:m', status: 'active', compose: { include: [{ system: 'urn:nowhere' }] } };
    await expect(expandValueSet(missing, lookup())).rejects.toThrow(new ExpansionError('CodeSystem urn:nowhere is not on the server'));
    const filtered: ValueSet = { resourceType: 'ValueSet', url: 'urn:vs:f', status: 'active', compose: { include: [{ system: 'urn:lab', filter: [{ property: 'concept', op: 'is-a', value: 'ROUTINE' }] }] } };
    await expect(expandValueSet(filtered, lookup())).rejects.toThrow(/filters need the server's \$expand/);
    const loop: ValueSet = { resourceType: 'ValueSet', url: 'urn:vs:loop', status: 'active', compose: { include: [{ valueSet: ['urn:vs:loop'] }] } };
    await expect(expandValueSet(loop, lookup([loop]))).rejects.toThrow(/includes itself/);
  });
});
