import type { CodeSystem, ConceptMap } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { currentVersions, newDictionaryVersion, nextVersion, titleFor, withInactive } from './dictionary-versions.ts';
import { importProblems } from './import-errors.ts';
import { mappingDecisions, moveSelection, statusOf } from './mapping-status.ts';

const URL = 'https://medunion.org/fhir/CodeSystem/dictionary/lead-hospital/lab-items';
const KIND_TAG = { system: 'https://medunion.org/fhir/CodeSystem/dictionary-kind', code: 'lab-items' };
const OWNER = { url: 'https://medunion.org/fhir/StructureDefinition/institution', valueReference: { reference: 'Organization/lead-hospital' } };

describe('dictionary versions', () => {
  const stored: CodeSystem = {
    resourceType: 'CodeSystem',
    id: 'cs-2',
    meta: { versionId: '1', lastUpdated: '2026-01-02T00:00:00Z', tag: [KIND_TAG], extension: [OWNER, { url: 'https://medunion.org/fhir/StructureDefinition/modified-by', valueString: 'user/u1' }] },
    url: URL,
    version: '2',
    title: '检验项目字典（县医院）v2',
    status: 'active',
    content: 'complete',
    count: 1,
    property: [{ code: 'parent', type: 'code' }],
    concept: [{ code: 'CBC', display: '血常规' }],
  };

  it('lists the newest version of each dictionary and how many there are', () => {
    const v10 = { ...stored, id: 'cs-10', version: '10' };
    const other = { ...stored, id: 'o', url: `${URL}-x`, version: '1' };
    expect(currentVersions([stored, v10, other]).map((d) => [d.current.id, d.versions])).toEqual([
      ['cs-10', 2],
      ['o', 1],
    ]);
  });

  it('numbers the next version after the highest integer one and carries it into the title', () => {
    expect(nextVersion('2', ['1', '5', undefined])).toBe('6');
    expect(nextVersion('2024a')).toBe('2024a.1');
    expect(titleFor('检验项目字典（县医院）v2', '2', '3')).toBe('检验项目字典（县医院）v3');
    expect(titleFor('自定义标题', '2', '3')).toBe('自定义标题');
  });

  it('makes a new resource that keeps the owner and kind, declares inactive and drops server stamps', () => {
    const concepts = [withInactive({ code: 'CBC', display: '血常规' }, true), { code: 'UA', display: '尿常规' }];
    const next = newDictionaryVersion(stored, concepts, '3');
    expect(next.id).toBeUndefined();
    expect(next.meta).toEqual({ tag: [KIND_TAG], extension: [OWNER] });
    expect(next).toMatchObject({ url: URL, version: '3', title: '检验项目字典（县医院）v3', count: 2, content: 'complete' });
    expect(next.property!.map((p) => p.code)).toEqual(['parent', 'inactive']);
    expect(next.concept![0].property).toEqual([{ code: 'inactive', valueBoolean: true }]);
    expect(withInactive(next.concept![0], false)).toEqual({ code: 'CBC', display: '血常规' });
  });
});

describe('mapping status', () => {
  const map: ConceptMap = {
    resourceType: 'ConceptMap',
    status: 'active',
    group: [
      { source: 'other', target: 'x', element: [{ code: 'NCG', target: [{ code: 'UA', equivalence: 'equivalent' }] }] },
      {
        source: URL,
        target: 'regional',
        element: [
          { code: 'XCG', target: [{ code: 'CBC', display: '血常规', equivalence: 'equivalent' }] },
          { code: 'ZZZ', target: [{ equivalence: 'unmatched' }] },
        ],
      },
    ],
  };

  it('reads mapped, unmatched and unmapped codes from the group of that dictionary and standard', () => {
    const decisions = mappingDecisions(map, URL, 'regional');
    expect(decisions.get('XCG')).toEqual({ status: 'mapped', target: { code: 'CBC', display: '血常规' } });
    expect(['XCG', 'ZZZ', 'NCG'].map((c) => statusOf(decisions, c))).toEqual(['mapped', 'unmatched', 'unmapped']);
    expect(mappingDecisions(undefined, URL, 'regional').size).toBe(0);
  });

  it('moves the keyboard selection within the list', () => {
    expect(moveSelection(-1, 'ArrowDown', 3)).toBe(0);
    expect(moveSelection(-1, 'ArrowUp', 3)).toBe(2);
    expect(moveSelection(2, 'ArrowDown', 3)).toBe(2);
    expect(moveSelection(0, 'ArrowUp', 3)).toBe(0);
    expect(moveSelection(0, 'ArrowDown', 0)).toBe(-1);
  });
});

describe('import problems', () => {
  it('lists row and column of each problem, or the summary alone', () => {
    const problems = importProblems({
      resourceType: 'OperationOutcome',
      issue: [
        { severity: 'error', code: 'invalid', details: { text: '导入失败：1处错误' } },
        {
          severity: 'error',
          code: 'required',
          details: { text: '第3行名称为空 / Row 3: the name is empty' },
          expression: ['row[3].name'],
          extension: [
            { url: 'https://medunion.org/fhir/StructureDefinition/import-row', valueInteger: 3 },
            { url: 'https://medunion.org/fhir/StructureDefinition/import-column', valueString: 'name' },
          ],
        },
        { severity: 'error', code: 'invalid', details: { text: 'duplicate' }, expression: ['row[5].code'] },
      ],
    });
    expect(problems.map((p) => [p.row, p.column, p.message])).toEqual([
      [3, 'name', '第3行名称为空 / Row 3: the name is empty'],
      [5, 'code', 'duplicate'],
    ]);
    expect(importProblems({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'invalid', details: { text: '.xls is not supported' } }] })).toEqual([{ key: 0, message: '.xls is not supported' }]);
  });
});
