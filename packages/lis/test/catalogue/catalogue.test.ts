import { computeFormulas, interpretResult, ageFromYears, evaluateCritical, ageFromDays } from '@medunion/labcore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbFactories } from '../../../kernel/test/dbs.ts';
import type { TestPlatform } from '../../../server/test/platform.ts';
import { criticalLimitsOf, formulaDefinitionOf, loadCatalogue, referenceRangesOf, plausibilityOf } from '../../src/catalogue/lookup.ts';
import type { CatalogueList, CataloguePanel, CatalogueTest, CatalogueTube } from '../../src/contracts/catalogue.ts';
import { call, expectStatus, expressions, issueText, lisContext, lisSettled, startLisPlatform } from './helpers.ts';

const factories = await testDbFactories();

describe.each(factories)('LIS catalogue on $name', (factory) => {
  let t: TestPlatform;
  let lab: string;
  let head: string;
  let nurse: string;
  let registrar: string;
  let hexiLab: string;
  let admin: string;

  beforeAll(async () => {
    t = await startLisPlatform(factory);
    [lab, head, nurse, registrar, hexiLab, admin] = await Promise.all(['lead.lab', 'lead.labhead', 'lead.nurse', 'lead.registrar', 'hexi.lab', 'admin'].map((u) => t.login(u)));
  });
  afterAll(async () => t?.close());

  const list = async <T>(path: string, token = lab) => {
    const r = await call<CatalogueList<T>>(t, 'GET', path, token);
    expectStatus(r, 200);
    return r.body;
  };

  it('seeds a county laboratory catalogue for the lead hospital and a smaller one for the township centre', async () => {
    const panels = await list<CataloguePanel>('/api/lis/catalogue/panels?_count=500');
    const codes = panels.items.map((p) => p.code);
    for (const c of ['CBC', 'UA', 'STOOL', 'LFT', 'RFT', 'LIPID', 'FBG', 'ELEC', 'CARD', 'COAG', 'TFT', 'HBV5', 'INF4', 'CRP', 'HBA1C', 'COV-POOL']) expect(codes).toContain(c);
    const cbc = panels.items.find((p) => p.code === 'CBC')!;
    expect(cbc.tests.length).toBeGreaterThanOrEqual(20);
    expect(cbc.tests).toEqual(expect.arrayContaining(['WBC', 'RBC', 'HGB', 'HCT', 'MCV', 'MCH', 'MCHC', 'PLT', 'NEUT%', 'LYMPH#']));
    expect([cbc.section, cbc.tube, cbc.price, cbc.tatTargetMinutes]).toEqual(['clinical', 'EDTA', 20, 30]);

    const tubes = await list<CatalogueTube>('/api/lis/catalogue/tubes');
    const colour = Object.fromEntries(tubes.items.map((x) => [x.code, [x.capColour, x.capColourName, x.specimenType]]));
    expect(colour.EDTA).toEqual(['purple', '紫色', '01']);
    expect(colour.CIT).toEqual(['blue', '蓝色', '03']);
    expect(colour.SST).toEqual(['yellow', '黄色', '02']);
    expect(colour.NAF).toEqual(['grey', '灰色', '03']);
    expect(colour.URINE?.[2]).toBe('07');

    const tests = await list<CatalogueTest>('/api/lis/catalogue/tests?_count=500');
    const hgb = tests.items.find((x) => x.code === 'HGB')!;
    expect(hgb).toMatchObject({ unit: 'g/L', loinc: '718-7', abbreviation: 'HGB', decimals: 0 });
    expect(hgb.referenceRanges).toEqual([
      { sex: 'male', low: 130, high: 175 },
      { sex: 'female', low: 115, high: 150 },
    ]);
    expect(hgb.criticalLimits).toEqual([{ low: 50, high: 200 }]);
    const crea = tests.items.find((x) => x.code === 'CREA')!;
    expect(crea.referenceRanges).toContainEqual({ sex: 'female', ageFrom: { value: 60, unit: 'year' }, low: 41, high: 81 });
    const tbil = tests.items.find((x) => x.code === 'TBIL')!;
    expect(tbil.criticalLimits).toEqual([{ ageTo: { value: 29, unit: 'day' }, high: 342 }]);
    const calculated = tests.items.filter((x) => x.formula).map((x) => x.code);
    expect(calculated).toEqual(expect.arrayContaining(['GLB', 'A/G', 'IBIL', 'LDL-C', 'NON-HDL-C', 'EGFR', 'AG']));
    expect(tests.items.find((x) => x.code === 'LDL-C')).toMatchObject({ formula: 'TC - [HDL-C] - TG / 2.2', formulaCondition: 'TG <= 4.52' });
    expect(tests.items.find((x) => x.code === 'HBSAG')).toMatchObject({ kind: 'qualitative', referenceRanges: [{ expected: ['阴性'] }] });

    // The orders area's demo: order templates built on this catalogue.
    const templates = await call<{ code: string; panels: string[] }[]>(t, 'GET', '/api/lis/orders/templates', lab);
    expect(templates.body.map((x) => x.code)).toEqual(expect.arrayContaining(['ADMIT', 'CHECKUP', 'ER-CHEST', 'DM-FOLLOW']));

    const hexi = await list<CataloguePanel>('/api/lis/catalogue/panels', hexiLab);
    expect(hexi.items.map((p) => p.code)).toEqual(expect.arrayContaining(['CBC', 'LFT', 'HBV5']));
    expect(hexi.items.map((p) => p.code)).not.toContain('COAG');
  });

  it('searches by code, Chinese name, English abbreviation and pinyin initials', async () => {
    expect((await list<CataloguePanel>('/api/lis/catalogue/panels?q=xcg')).items[0].code).toBe('CBC');
    expect((await list<CataloguePanel>('/api/lis/catalogue/panels?q=ggn')).items[0].code).toBe('LFT');
    expect((await list<CataloguePanel>('/api/lis/catalogue/panels?q=肝功')).items.map((p) => p.code)).toEqual(['LFT']);
    expect((await list<CatalogueTest>('/api/lis/catalogue/tests?q=wbc')).items[0].code).toBe('WBC');
    expect((await list<CatalogueTest>('/api/lis/catalogue/tests?q=bdb')).items[0].code).toBe('ALB');
    const immunology = await list<CataloguePanel>('/api/lis/catalogue/panels?section=immunology');
    expect(immunology.items.every((p) => p.section === 'immunology')).toBe(true);
    expect(immunology.total).toBe(4);
    const page = await list<CatalogueTest>('/api/lis/catalogue/tests?_count=5&_offset=5');
    expect([page.items.length, page.total > 80]).toEqual([5, true]);
    const bad = await call(t, 'GET', '/api/lis/catalogue/tests?_count=abc', lab);
    expect([bad.status, expressions(bad.body)]).toEqual([400, ['_count']]);
  });

  it('refuses bad formulas, unknown tests, cycles and inconsistent ranges, naming the field', async () => {
    const base = { code: 'T-CALC', name: '测试计算项', kind: 'quantitative', unit: 'mmol/L', decimals: 2 };
    const syntax = await call(t, 'POST', '/api/lis/catalogue/tests', head, { ...base, formula: 'TC - (HDL' });
    expect([syntax.status, expressions(syntax.body)]).toEqual([400, ['formula']]);
    expect(issueText(syntax.body)).toMatch(/公式无效.*Invalid formula/);
    const unknown = await call(t, 'POST', '/api/lis/catalogue/tests', head, { ...base, formula: 'TC - NOPE' });
    expect([unknown.status, expressions(unknown.body)]).toEqual([400, ['formula']]);
    expect(issueText(unknown.body)).toContain('NOPE');
    const dashed = await call(t, 'POST', '/api/lis/catalogue/tests', head, { ...base, formula: 'TC - HDL-C' });
    expect(issueText(dashed.body)).toContain('[HDL]');
    const ranges = await call(t, 'POST', '/api/lis/catalogue/tests', head, {
      ...base,
      referenceRanges: [{ low: 5, high: 1 }, { ageFrom: { value: 60, unit: 'year' }, ageTo: { value: 20, unit: 'year' }, low: 1 }, { expected: ['阴性'] }],
      delta: { windowDays: 3 },
    });
    expect(ranges.status).toBe(400);
    expect(expressions(ranges.body)).toEqual(expect.arrayContaining(['referenceRanges[0]', 'referenceRanges[1].ageTo', 'referenceRanges[2].expected', 'delta']));
    const schema = await call(t, 'POST', '/api/lis/catalogue/tests', head, { code: 'bad code!', name: '', decimals: 9 });
    expect(expressions(schema.body)).toEqual(expect.arrayContaining(['code', 'name', 'decimals']));

    // A cycle between two calculated tests, written in one import.
    const cycle = await call(t, 'POST', '/api/lis/catalogue/import', head, {
      tests: [
        { ...base, code: 'CY-A', formula: '[CY-B] + 1' },
        { ...base, code: 'CY-B', formula: '[CY-A] * 2' },
      ],
    });
    expect(cycle.status).toBe(400);
    expect(issueText(cycle.body)).toMatch(/循环/);

    const ok = await call<CatalogueTest>(t, 'POST', '/api/lis/catalogue/tests', head, { ...base, formula: 'TC - [HDL-C]', referenceRanges: [{ high: 4.1 }] });
    expectStatus(ok, 201);
    expect(ok.body).toMatchObject({ code: 'T-CALC', formula: 'TC - [HDL-C]', active: true, versionId: '1' });
    const again = await call(t, 'POST', '/api/lis/catalogue/tests', head, { ...base });
    expect([again.status, expressions(again.body)]).toEqual([409, ['code']]);
  });

  it('creates, updates (with If-Match) and deactivates panels and tubes, refusing what would break the catalogue', async () => {
    const badSection = await call(t, 'POST', '/api/lis/catalogue/panels', head, { code: 'P-X', name: '测试组合', section: 'nowhere', tube: 'SST', tests: ['GLU'] });
    expect([badSection.status, expressions(badSection.body)]).toEqual([400, ['section']]);
    const badPanel = await call(t, 'POST', '/api/lis/catalogue/panels', head, { code: 'P-X', name: '测试组合', section: 'biochemistry', tube: 'NO-TUBE', tests: ['GLU', 'NOPE', 'GLU'] });
    expect(badPanel.status).toBe(400);
    expect(expressions(badPanel.body)).toEqual(expect.arrayContaining(['tube', 'tests[1]', 'tests[2]']));

    const tube = await call<CatalogueTube>(t, 'POST', '/api/lis/catalogue/tubes', head, { code: 'ESR', name: '黑头管（血沉）', specimenType: '01', capColour: 'black', additive: '枸橼酸钠 1:4' });
    expectStatus(tube, 201);
    expect([tube.body.capColourName, tube.body.capColourHex]).toEqual(['黑色', '#222222']);
    const test = await call(t, 'POST', '/api/lis/catalogue/tests', head, { code: 'ESR', name: '红细胞沉降率', abbreviation: 'ESR', unit: 'mm/h', decimals: 0, referenceRanges: [{ sex: 'male', high: 15 }, { sex: 'female', high: 20 }] });
    expectStatus(test, 201);
    const panel = await call<CataloguePanel>(t, 'POST', '/api/lis/catalogue/panels', head, { code: 'ESR', name: '血沉', section: 'clinical', tube: 'ESR', tests: ['ESR'], price: 8, tatTargetMinutes: 90 });
    expectStatus(panel, 201);

    const detail = await call<CataloguePanel>(t, 'GET', '/api/lis/catalogue/panels/ESR', lab);
    expect(detail.headers.get('etag')).toBe('W/"1"');
    // What GET returns can be sent back: server-managed members (id, version, pinyin) are dropped from the input.
    const ok = await call<CataloguePanel>(t, 'PUT', '/api/lis/catalogue/panels/ESR', head, { ...detail.body, price: 10 }, { 'content-type': 'application/json', 'if-match': 'W/"1"' });
    expectStatus(ok, 200);
    expect([ok.body.price, ok.body.versionId]).toEqual([10, '2']);
    const cleaned = { code: 'ESR', name: '血沉', section: 'clinical', tube: 'ESR', tests: ['ESR'], price: 10, tatTargetMinutes: 90 };
    const stale = await call(t, 'PUT', '/api/lis/catalogue/panels/ESR', head, { ...cleaned, price: 12 }, { 'content-type': 'application/json', 'if-match': 'W/"1"' });
    expect(stale.status).toBe(412);
    const mismatch = await call(t, 'PUT', '/api/lis/catalogue/panels/ESR', head, { ...cleaned, code: 'OTHER' });
    expect([mismatch.status, expressions(mismatch.body)]).toEqual([400, ['code']]);

    // The tube and the test are in use by an active panel: retiring them is refused.
    const busyTube = await call(t, 'POST', '/api/lis/catalogue/tubes/ESR/deactivate', head);
    expect(busyTube.status).toBe(400);
    expect(issueText(busyTube.body)).toContain('ESR');
    const busyTest = await call(t, 'POST', '/api/lis/catalogue/tests/TC/deactivate', head);
    expect(busyTest.status).toBe(400); // in LIPID and in the formulas of LDL-C, NON-HDL-C and T-CALC

    const retired = await call<CataloguePanel>(t, 'POST', '/api/lis/catalogue/panels/ESR/deactivate', head);
    expectStatus(retired, 200);
    expect(retired.body.active).toBe(false);
    expect((await list<CataloguePanel>('/api/lis/catalogue/panels?q=ESR')).items.map((p) => p.code)).not.toContain('ESR');
    expect((await list<CataloguePanel>('/api/lis/catalogue/panels?q=ESR&active=false')).items.map((p) => p.code)).toEqual(['ESR']);
    expectStatus(await call(t, 'POST', '/api/lis/catalogue/tubes/ESR/deactivate', head), 200);
    expect((await call(t, 'GET', '/api/lis/catalogue/tests/NOPE', lab)).status).toBe(404);

    // Every change is a store version with history and audit.
    const history = await call<{ total: number }>(t, 'GET', `/fhir/R4/ActivityDefinition/${panel.body.id}/_history`, admin);
    expect(history.body.total).toBe(3);
  });

  it('imports a catalogue all or nothing, reporting every bad row', async () => {
    const before = await list<CatalogueTest>('/api/lis/catalogue/tests?active=all&_count=500');
    const bad = await call(t, 'POST', '/api/lis/catalogue/import', head, {
      tubes: [{ code: 'HEP2', name: '肝素管', specimenType: '03', capColour: 'green' }],
      tests: [
        { code: 'IMP-1', name: '导入项目一', unit: 'U/L', decimals: 0, referenceRanges: [{ low: 0, high: 40 }] },
        { code: 'IMP-2', name: '导入项目二', formula: 'IMP-1 *' },
        { code: 'IMP-1', name: '重复' },
      ],
      panels: [{ code: 'IMP', name: '导入组合', section: 'biochemistry', tube: 'HEP2', tests: ['IMP-1', 'IMP-3'] }],
    });
    expect(bad.status).toBe(400);
    expect(expressions(bad.body)).toEqual(expect.arrayContaining(['tests[1].formula', 'tests[2].code', 'panels[0].tests[1]']));
    const after = await list<CatalogueTest>('/api/lis/catalogue/tests?active=all&_count=500');
    expect(after.total).toBe(before.total);
    expect((await call(t, 'GET', '/api/lis/catalogue/tubes/HEP2', lab)).status).toBe(404);

    const good = {
      tubes: [{ code: 'HEP2', name: '肝素管', specimenType: '03', capColour: 'green' }],
      tests: [
        { code: 'IMP-1', name: '导入项目一', unit: 'U/L', decimals: 0, referenceRanges: [{ low: 0, high: 40 }] },
        { code: 'IMP-2', name: '导入项目二', unit: 'U/L', decimals: 1, formula: '[IMP-1] * 2' },
      ],
      panels: [{ code: 'IMP', name: '导入组合', section: 'biochemistry', tube: 'HEP2', tests: ['IMP-1', 'IMP-2'] }],
    };
    const first = await call<{ created: Record<string, number>; unchanged: Record<string, number> }>(t, 'POST', '/api/lis/catalogue/import', head, good);
    expectStatus(first, 200);
    expect(first.body.created).toEqual({ tubes: 1, tests: 2, panels: 1 });
    const second = await call<{ created: Record<string, number>; unchanged: Record<string, number> }>(t, 'POST', '/api/lis/catalogue/import', head, good);
    expect([second.body.created, second.body.unchanged]).toEqual([{ tubes: 0, tests: 0, panels: 0 }, { tubes: 1, tests: 2, panels: 1 }]);
  });

  it('documents every route of catalogue, orders and specimens in OpenAPI with a stable operationId', async () => {
    const doc = (await (await fetch(`${t.url}/docs/json`)).json()) as { paths: Record<string, Record<string, { operationId?: string }>> };
    const ids = Object.entries(doc.paths)
      .filter(([path]) => /^\/api\/lis\/(catalogue|orders|specimens)/.test(path))
      .flatMap(([, methods]) => Object.values(methods).map((m) => m.operationId));
    for (const id of [
      'listLabTests', 'getLabTest', 'createLabTest', 'updateLabTest', 'deactivateLabTest', 'listLabPanels', 'createLabPanel', 'listSpecimenTubes', 'importLabCatalogue',
      'createLabOrder', 'importLabOrders', 'receiveLabOrderHl7', 'getLabOrder', 'cancelLabOrder', 'listLabOrderTemplates', 'createLabOrderTemplate',
      'accessionSpecimens', 'printSpecimenLabels', 'collectSpecimen', 'receiveSpecimen', 'receiveSpecimens', 'rejectSpecimen', 'allowSpecimenConcession',
      'assignSampleNumber', 'specimenTimeline', 'listSpecimens', 'listWardRejections', 'createPool', 'getPool', 'markPoolPositive',
    ]) {
      expect(ids).toContain(id);
    }
    expect(ids.every((id) => typeof id === 'string')).toBe(true);
  });

  it('guards reading with lis.read and changing with lis.catalogue.manage, per institution', async () => {
    expect((await call(t, 'GET', '/api/lis/catalogue/tests', nurse)).status).toBe(200);
    expect((await call(t, 'GET', '/api/lis/catalogue/tests', registrar)).status).toBe(403);
    const byTechnician = await call(t, 'POST', '/api/lis/catalogue/tests', lab, { code: 'NOPE2', name: '无权' });
    expect(byTechnician.status).toBe(403);
    expect((await call(t, 'POST', '/api/lis/catalogue/import', lab, { tests: [] })).status).toBe(403);
    expect((await call(t, 'GET', '/api/lis/catalogue/tests?institution=thc-hexi', lab)).status).toBe(403);
    expect((await call(t, 'GET', '/api/lis/catalogue/tests/T-CALC', hexiLab)).status).toBe(404); // another institution's test
  });

  it('serves the cached catalogue to other areas, refreshed when definitions change by any path', async () => {
    const ctx = lisContext(t);
    const { tests, panels } = await loadCatalogue(ctx, 'lead-hospital');
    expect(panels.get('LIPID')).toMatchObject({ section: 'biochemistry', specimenDefinition: 'SST', tests: ['TC', 'TG', 'HDL-C', 'LDL-C', 'NON-HDL-C'] });
    expect(tests.get('WBC')).toMatchObject({ name: '白细胞计数', abbreviation: 'WBC', unit: '×10^9/L', decimals: 2 });
    expect(tests.get('WBC')!.order).toBeLessThan(tests.get('RBC')!.order);
    expect(panels.has('ESR')).toBe(false); // retired above
    expect(await loadCatalogue(ctx, 'lead-hospital')).toBe(await loadCatalogue(ctx, 'lead-hospital'));

    // Labcore in the catalogue's terms: Friedewald with its condition, ranges by sex, neonatal critical bilirubin.
    const ldl = formulaDefinitionOf(tests.get('LDL-C')!)!;
    const [computed] = computeFormulas([ldl], { TC: 5.0, 'HDL-C': 1.2, TG: 1.1 });
    expect([computed.status, computed.value]).toEqual(['computed', 3.3]);
    expect(computeFormulas([ldl], { TC: 5.0, 'HDL-C': 1.2, TG: 5.0 })[0].status).toBe('not-reportable');
    const hgb = interpretResult({ value: '120', subject: { sex: 'male', age: ageFromYears(40) }, ranges: referenceRangesOf(tests.get('HGB')!), criticalLimits: criticalLimitsOf(tests.get('HGB')!), plausibility: plausibilityOf(tests.get('HGB')!) });
    expect(hgb.flag).toBe('L');
    expect(evaluateCritical(400, criticalLimitsOf(tests.get('TBIL')!), { age: ageFromDays(3) }).critical).toBe(true);
    expect(evaluateCritical(400, criticalLimitsOf(tests.get('TBIL')!), { age: ageFromYears(30) }).critical).toBe(false);

    // A change through the FHIR API (not this module's routes) reaches the cache through the definition events.
    const stored = await call<Record<string, unknown>>(t, 'GET', `/fhir/R4/ObservationDefinition/${tests.get('WBC')!.resource.id}`, head);
    const renamed = { ...stored.body, code: { ...(stored.body.code as object), text: '白细胞计数（WBC）' } };
    expectStatus(await call(t, 'PUT', `/fhir/R4/ObservationDefinition/${tests.get('WBC')!.resource.id}`, head, renamed, { 'content-type': 'application/fhir+json' }), 200);
    await lisSettled(t);
    expect((await loadCatalogue(ctx, 'lead-hospital')).tests.get('WBC')!.name).toBe('白细胞计数（WBC）');
  });
});
