import { describe, expect, it } from 'vitest';
import { buildConceptTree, isHierarchical, lookupDetail, type ConceptNode } from './concept-tree.ts';

const outline = (nodes: ConceptNode[]): unknown[] => nodes.map((n) => (n.children.length ? { [n.code]: outline(n.children) } : n.code));

describe('buildConceptTree', () => {
  it('builds the hierarchy from nested concepts and from parent/child properties alike', () => {
    const tree = buildConceptTree({
      concept: [
        { code: 'I', display: '某些传染病', concept: [{ code: 'A00-A09', display: '肠道传染病' }] },
        { code: 'A00', display: '霍乱', property: [{ code: 'parent', valueCode: 'A00-A09' }] },
        { code: 'II', display: '肿瘤', property: [{ code: 'child', valueCode: 'C00-C14' }] },
        { code: 'C00-C14', display: '口腔恶性肿瘤' },
      ],
    });
    expect(outline(tree)).toEqual([{ I: [{ 'A00-A09': ['A00'] }] }, { II: ['C00-C14'] }]);
    expect(isHierarchical(tree)).toBe(true);
  });

  it('keeps concepts with an unknown parent as roots, marks inactive ones and cuts cycles', () => {
    const tree = buildConceptTree({
      concept: [
        { code: 'X', property: [{ code: 'parent', valueCode: 'missing' }, { code: 'inactive', valueBoolean: true }] },
        { code: 'A', property: [{ code: 'parent', valueCode: 'B' }] },
        { code: 'B', property: [{ code: 'parent', valueCode: 'A' }] },
        { code: 'R', property: [{ code: 'status', valueCode: 'retired' }] },
      ],
    });
    // A and B are each other's parent: neither is a root, so only the flat ones show (nothing loops).
    expect(tree.map((n) => [n.code, n.inactive])).toEqual([
      ['X', true],
      ['R', true],
    ]);
    expect(isHierarchical(buildConceptTree({ concept: [{ code: '1' }, { code: '2' }] }))).toBe(false);
  });
});

describe('lookupDetail', () => {
  it('reads parents, children, designations, inactive and other properties from $lookup', () => {
    const detail = lookupDetail({
      resourceType: 'Parameters',
      parameter: [
        { name: 'name', valueString: 'ICD10' },
        { name: 'display', valueString: '肠道传染病' },
        { name: 'designation', part: [{ name: 'language', valueCode: 'en' }, { name: 'value', valueString: 'Intestinal infectious diseases' }] },
        { name: 'property', part: [{ name: 'code', valueCode: 'parent' }, { name: 'value', valueCode: 'I' }] },
        { name: 'property', part: [{ name: 'code', valueCode: 'child' }, { name: 'value', valueCode: 'A00' }] },
        { name: 'property', part: [{ name: 'code', valueCode: 'child' }, { name: 'value', valueCode: 'A01' }] },
        { name: 'property', part: [{ name: 'code', valueCode: 'inactive' }, { name: 'value', valueBoolean: false }] },
        { name: 'property', part: [{ name: 'code', valueCode: 'alpha' }, { name: 'value', valueString: 'HA' }] },
      ],
    });
    expect(detail).toEqual({
      display: '肠道传染病',
      parents: ['I'],
      children: ['A00', 'A01'],
      inactive: false,
      designations: [{ language: 'en', use: undefined, value: 'Intestinal infectious diseases' }],
      properties: [{ code: 'alpha', value: 'HA' }],
    });
  });
});
