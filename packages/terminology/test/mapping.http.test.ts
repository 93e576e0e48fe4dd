import type { Bundle, ConceptMap, OperationOutcome, Parameters } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbFactories } from '../../kernel/test/dbs.ts';
import { startTestPlatform, type TestPlatform } from '../../server/test/platform.ts';
import type { UnmappedReport } from '../src/mapping/unmapped.ts';
import type { Suggestion } from '../src/mapping/suggest.ts';
import type { TerminologyServices } from '../src/services.ts';

const factories = await testDbFactories();

const LOCAL = 'https://medunion.org/fhir/CodeSystem/dictionary/lead-hospital/lab-items';
const REGIONAL = 'https://medunion.org/fhir/CodeSystem/dictionary/region/lab-items';
const MAP_URL = 'https://medunion.org/fhir/ConceptMap/dictionary/lead-hospital/lab-items';

describe.each(factories)('dictionary mapping over HTTP on $name', (factory) => {
  let t: TestPlatform;
  let admin: string;
  let leadAdmin: string;
  let doctor: string;

  const upload = async (query: Record<string, string>, csv: string, token: string) => {
    const res = await fetch(`${t.url}/api/terminology/import?${new URLSearchParams(query)}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, body: csv });
    expect(res.status).toBe(201);
  };
  const get = async <T>(path: string, query: Record<string, string>, token = doctor) => {
    const res = await t.request('GET', `${path}?${new URLSearchParams(query)}`, { token });
    return { status: res.status, body: (await res.json()) as T };
  };
  const save = async (body: unknown, token = leadAdmin) => {
    const res = await t.request('POST', '/api/terminology/mapping', { token, body, headers: { 'content-type': 'application/json' } });
    return { status: res.status, body: (await res.json()) as ConceptMap & Pick<OperationOutcome, 'issue'> };
  };
  const unmapped = async (extra: Record<string, string> = {}) => (await get<UnmappedReport>('/api/terminology/mapping/unmapped', { dictionary: LOCAL, ...extra })).body;

  beforeAll(async () => {
    t = await startTestPlatform(factory);
    [admin, leadAdmin, doctor] = await Promise.all([t.login('admin'), t.login('lead.admin'), t.login('lead.doctor')]);
    await upload({ kind: 'lab-items', institution: 'region' }, 'code,name\nCBC,血常规\nUA,尿常规\nGLU,血糖\nCREA,肌酐\nLFT,肝功能\nTNI,肌钙蛋白I\n', admin);
    await upload({ kind: 'lab-items' }, 'code,name\nXCG01,血常规检查\nNCG,尿常规\nGLU,葡萄糖\nJG,肌苷\nZZZ,院内特检项目\n', leadAdmin);
  });
  afterAll(async () => t?.close());

  it('suggests regional concepts ranked by name, pinyin and code, explaining every score', async () => {
    const suggest = async (code: string) => (await get<{ source: { code: string }; target: { system: string }; suggestions: Suggestion[] }>('/api/terminology/mapping/suggest', { dictionary: LOCAL, code })).body;
    const cbc = await suggest('XCG01');
    expect(cbc.target.system).toBe(REGIONAL);
    expect(cbc.suggestions[0]).toMatchObject({ code: 'CBC', display: '血常规' });
    expect(cbc.suggestions[0].reasons.map((r) => r.rule)).toEqual(['code', 'name', 'pinyin']);
    expect(cbc.suggestions[0].score).toBe(cbc.suggestions[0].reasons.reduce((s, r) => s + r.contribution, 0));
    expect((await suggest('NCG')).suggestions[0]).toMatchObject({ code: 'UA', score: 0.7 }); // same name and pinyin, other code
    expect((await suggest('GLU')).suggestions[0].code).toBe('GLU'); // 葡萄糖 ≠ 血糖 by name, but the codes agree
    const homophone = (await suggest('JG')).suggestions[0];
    expect(homophone.code).toBe('CREA'); // 肌苷 typed for 肌酐: the pinyin is the same
    expect(homophone.reasons.find((r) => r.rule === 'pinyin')!.similarity).toBe(1);
  });

  it('lists the unmapped codes with progress counts and, on request, the best suggestion each', async () => {
    const report = await unmapped({ suggest: 'true' });
    expect(report.counts).toEqual({ total: 5, mapped: 0, unmatched: 0, unmapped: 5 });
    expect(report.target).toMatchObject({ url: REGIONAL, version: '1' });
    expect(report.items.map((i) => [i.code, i.suggestion?.code])).toEqual([
      ['XCG01', 'CBC'],
      ['NCG', 'UA'],
      ['GLU', 'GLU'],
      ['JG', 'CREA'],
      ['ZZZ', undefined],
    ]);
    expect((await unmapped({ filter: 'jg' })).items.map((i) => i.code)).toEqual(['JG']);
  });

  it('saves decisions as ConceptMap versions, keeps every earlier version and translates with the current one', async () => {
    const first = await save({
      dictionary: LOCAL,
      mappings: [
        { code: 'XCG01', target: 'CBC' },
        { code: 'NCG', target: 'UA', equivalence: 'equal' },
        { code: 'ZZZ', equivalence: 'unmatched', comment: '院内项目，区域无对应' },
      ],
    });
    expect(first.status).toBe(200);
    expect([first.body.url, first.body.version]).toEqual([MAP_URL, '1']);
    expect(first.body.group).toEqual([
      {
        source: LOCAL,
        sourceVersion: '1',
        target: REGIONAL,
        targetVersion: '1',
        element: [
          { code: 'XCG01', display: '血常规检查', target: [{ code: 'CBC', display: '血常规', equivalence: 'equivalent' }] },
          { code: 'NCG', display: '尿常规', target: [{ code: 'UA', display: '尿常规', equivalence: 'equal' }] },
          { code: 'ZZZ', display: '院内特检项目', target: [{ equivalence: 'unmatched', comment: '院内项目，区域无对应' }] },
        ],
      },
    ]);
    expect((await unmapped()).counts).toEqual({ total: 5, mapped: 2, unmatched: 1, unmapped: 2 });

    const second = await save({ dictionary: LOCAL, mappings: [{ code: 'GLU', target: 'GLU' }, { code: 'NCG', target: null }] });
    expect([second.body.id, second.body.version]).toEqual([first.body.id, '2']);
    expect((await unmapped()).items.map((i) => i.code)).toEqual(['NCG', 'JG']);

    // The first version is still there, unchanged.
    const history = (await (await t.request('GET', `/fhir/R4/ConceptMap/${first.body.id}/_history`, { token: admin })).json()) as Bundle;
    expect(history.total).toBe(2);
    const v1 = (await (await t.request('GET', `/fhir/R4/ConceptMap/${first.body.id}/_history/1`, { token: admin })).json()) as ConceptMap;
    expect(v1.group![0].element!.map((e) => e.code)).toEqual(['XCG01', 'NCG', 'ZZZ']);

    const translate = async (code: string) => (await get<Parameters>('/fhir/R4/ConceptMap/$translate', { system: LOCAL, code })).body;
    expect((await translate('GLU')).parameter![0].valueBoolean).toBe(true);
    expect((await translate('NCG')).parameter![0].valueBoolean).toBe(false);
  });

  it('rejects a save with any bad change, listing them all, and stores nothing', async () => {
    const { status, body } = await save({
      dictionary: LOCAL,
      mappings: [
        { code: 'NOPE', target: 'CBC' },
        { code: 'JG', target: 'NOPE' },
        { code: 'ZZZ', target: 'CBC', equivalence: 'unmatched' },
        { code: 'NCG', target: 'UA', equivalence: 'same' },
      ],
    });
    expect(status).toBe(400);
    expect(body.issue.map((i) => i.expression?.[0])).toEqual(['mappings[0].code', 'mappings[1].target', 'mappings[2].equivalence', 'mappings[3].equivalence']);
    const current = (await (await t.request('GET', `/fhir/R4/ConceptMap?url=${encodeURIComponent(MAP_URL)}`, { token: admin })).json()) as Bundle;
    expect((current.entry![0].resource as ConceptMap).version).toBe('2');
  });

  it('needs terminology.manage to save and a dictionary to work on', async () => {
    expect((await save({ dictionary: LOCAL, mappings: [{ code: 'JG', target: 'CREA' }] }, doctor)).status).toBe(403);
    expect((await get<OperationOutcome>('/api/terminology/mapping/unmapped', {})).status).toBe(400);
    const suggestedPage = await get<OperationOutcome>('/api/terminology/mapping/unmapped', { dictionary: LOCAL, suggest: 'true', count: '200' });
    expect([suggestedPage.status, suggestedPage.body.issue[0].expression]).toEqual([400, ['count']]);
    const unknown = await get<OperationOutcome>('/api/terminology/mapping/unmapped', { dictionary: 'urn:test:none' });
    expect(unknown.status).toBe(404);
  });

  it('maps to the regional standard of the kind unless told otherwise, and says when there is none', async () => {
    await upload({ kind: 'units' }, 'code,name\nG/L,克每升\n', leadAdmin);
    const units = 'https://medunion.org/fhir/CodeSystem/dictionary/lead-hospital/units';
    const none = await get<OperationOutcome>('/api/terminology/mapping/unmapped', { dictionary: units });
    expect(none.status).toBe(404);
    expect(none.body.issue[0].details?.text).toContain('No regional standard for dictionary kind "units"');
    await upload({ kind: 'departments' }, 'code,name\nNK,内科门诊\n', leadAdmin);
    const departments = await get<{ suggestions: Suggestion[]; target: { system: string } }>('/api/terminology/mapping/suggest', { dictionary: 'https://medunion.org/fhir/CodeSystem/dictionary/lead-hospital/departments', code: 'NK' });
    expect(departments.body.target.system).toBe('https://medunion.org/fhir/CodeSystem/department-category');
    expect(departments.body.suggestions[0]).toMatchObject({ code: '03', display: '内科' });
  });

  it('translates local codes for other modules through the current map (service translateLocalCodes)', async () => {
    const terminology = t.platform.runtime.contexts.get('terminology')!.service<TerminologyServices>('terminology');
    const result = await terminology.translateLocalCodes('lead-hospital', 'lab-items', ['XCG01', 'GLU', 'NCG', 'ZZZ', 'NOPE']);
    expect(result).toEqual({
      dictionary: LOCAL,
      standard: REGIONAL,
      // NCG's decision was removed, ZZZ was reviewed as unmatched, NOPE is not in the dictionary: none translates.
      codes: { XCG01: { code: 'CBC', display: '血常规' }, GLU: { code: 'GLU', display: '血糖' }, NCG: null, ZZZ: null, NOPE: null },
    });
    const otherStandard = await terminology.translateLocalCodes('lead-hospital', 'lab-items', ['XCG01'], 'urn:test:other-standard');
    expect(otherStandard.codes).toEqual({ XCG01: null });
  });
});
