import type { CodeSystem, CodeSystemConcept } from '@medplum/fhirtypes';
import { loadFhirDefinitions, validateFhirResource } from '@medunion/kernel';
import { beforeAll, describe, expect, it } from 'vitest';
import { codeSystemRules } from '../src/concepts/code-system-rules.ts';
import { SEEDED_NAMING_SYSTEMS } from '../src/naming/registry-seed.ts';
import { administrativeDivisions } from '../src/seed/administrative-divisions.ts';
import { ethnicityCodes } from '../src/seed/ethnicity.ts';
import { ICD10_CHAPTERS, icd10BlockOf } from '../src/seed/icd10.ts';
import { SEEDED_CODE_SYSTEMS } from '../src/seed/index.ts';

const all = (concepts: CodeSystemConcept[] | undefined): CodeSystemConcept[] => (concepts ?? []).flatMap((c) => [c, ...all(c.concept)]);

describe('national code sets', () => {
  beforeAll(() => loadFhirDefinitions());

  it('are valid FHIR, pass the CodeSystem write rules and count their concepts right', () => {
    for (const cs of SEEDED_CODE_SYSTEMS) {
      expect(validateFhirResource(cs), cs.url).toEqual([]);
      expect(codeSystemRules(cs), cs.url).toEqual([]);
      expect(cs.count, cs.url).toBe(all(cs.concept).length);
    }
    for (const ns of SEEDED_NAMING_SYSTEMS) expect(validateFhirResource(ns), ns.name).toEqual([]);
  });

  it('have unique canonical urls', () => {
    expect(new Set(SEEDED_CODE_SYSTEMS.map((cs) => cs.url)).size).toBe(SEEDED_CODE_SYSTEMS.length);
  });

  it('list the 34 provincial-level divisions and their prefectures under them (GB/T 2260)', () => {
    const provinces = administrativeDivisions.concept!;
    expect(provinces).toHaveLength(34);
    const prefectures = provinces.flatMap((p) => p.concept ?? []);
    expect(prefectures.length).toBeGreaterThan(330);
    for (const p of provinces) for (const c of p.concept ?? []) expect(c.code.slice(0, 2)).toBe(p.code.slice(0, 2));
    expect(prefectures.find((c) => c.code === '330100')?.display).toBe('杭州市');
  });

  it('list the 56 nationalities, 其他 and 外国血统 with their GB 3304 letter codes (GB 3304)', () => {
    const concepts = ethnicityCodes.concept!;
    expect(concepts).toHaveLength(58);
    expect(concepts[0]).toMatchObject({ code: '01', display: '汉族', property: [{ code: 'alpha', valueString: 'HA' }] });
    expect(concepts.at(-1)).toMatchObject({ code: '98' });
  });

  it('cover ICD-10 with 22 chapters whose blocks lie inside them, in order and without overlap', () => {
    expect(ICD10_CHAPTERS).toHaveLength(22);
    for (const chapter of ICD10_CHAPTERS) {
      let previous = '';
      for (const block of chapter.blocks) {
        expect(block.from >= chapter.from && block.to <= chapter.to, block.code).toBe(true);
        expect(block.from > previous, block.code).toBe(true);
        previous = block.to;
      }
    }
    expect(icd10BlockOf('J45')?.block.code).toBe('J40-J47');
    expect(icd10BlockOf('E11')?.chapter.code).toBe('IV');
    expect(icd10BlockOf('D49')).toBeUndefined();
  });

  it('mark fragments as fragments: ICD-10 chapters/blocks and the two upper GB/T 2260 levels', () => {
    const content = (url: string) => SEEDED_CODE_SYSTEMS.find((cs: CodeSystem) => cs.url === url)?.content;
    expect(content('urn:oid:2.16.156.10011.2.3.3.11')).toBe('fragment');
    expect(content('urn:oid:2.16.156.10011.2.3.3.2')).toBe('fragment');
    expect(content('urn:oid:2.16.156.10011.2.3.3.4')).toBe('complete');
  });
});
