import { describe, expect, it } from 'vitest';
import type { CriticalValueItem, ResultRow } from '@medunion/lis/contracts';
import type { DiagnosticReport, Media } from '@medplum/fhirtypes';
import { holds } from '../../session/permissions.ts';
import {
  batchSummary,
  changedEntries,
  criticalReports,
  entryRows,
  imageOf,
  interpretationOf,
  isEditable,
  isLocked,
  mayWithdraw,
  moveIn,
  newCriticals,
  nextEditable,
  recentDays,
  reportFacts,
  type ReportFacts,
} from './bench-logic.ts';

const row = (testCode: string, over: Partial<ResultRow> = {}): ResultRow => ({
  observationId: `o-${testCode}`,
  testCode,
  testName: testCode,
  value: '1',
  flag: 'N',
  symbol: '',
  status: 'preliminary',
  source: 'instrument',
  instrumentFlags: [],
  critical: false,
  ...over,
});

const critical = (taskId: string, observationId: string, status: 'open' | 'acknowledged' = 'open'): CriticalValueItem => ({
  taskId,
  status,
  raisedAt: '2026-12-07T08:00:00Z',
  observationId,
  patientId: 'p1',
  value: '6.52',
  flag: 'HH',
  message: '',
});

describe('bench results', () => {
  it('colours labcore flags as their v3 codes; implausible has no colour of its own', () => {
    expect(interpretationOf('HH')).toBe('HH');
    expect(interpretationOf('L')).toBe('L');
    expect(interpretationOf('implausible')).toBeUndefined();
    expect(interpretationOf(null)).toBeUndefined();
  });

  it('locks released and withdrawn results; calculated ones are never typed', () => {
    expect(isLocked({ status: 'final' })).toBe(true);
    expect(isLocked({ status: 'corrected' })).toBe(true);
    expect(isLocked({ status: 'entered-in-error' })).toBe(true);
    expect(isLocked({ status: 'preliminary' })).toBe(false);
    expect(isEditable({ status: 'preliminary', source: 'calculated' })).toBe(false);
    expect(isEditable({ status: 'preliminary', source: 'manual' })).toBe(true);
    expect(isEditable({ status: 'final', source: 'manual' })).toBe(false);
  });

  it('lists results, then missing tests that are typed (a missing calculated test comes by itself)', () => {
    const rows = entryRows([row('TP'), row('ALB')], ['GLOB', 'AG'], (c) => c === 'AG');
    expect(rows.map((r) => [r.testCode, !!r.result])).toEqual([
      ['TP', true],
      ['ALB', true],
      ['GLOB', false],
    ]);
  });

  it('sends only changed, typed values of editable rows, trimmed', () => {
    const rows = entryRows([row('NA', { value: '139.2' }), row('K', { value: '4.21', status: 'final' }), row('AG', { source: 'calculated', value: '1.5' })], ['CL'], () => false);
    const draft = { NA: ' 141 ', K: '5.0', AG: '2', CL: '101', CA: '2.3' };
    expect(changedEntries(rows, draft)).toEqual([
      { testCode: 'NA', value: '141' },
      { testCode: 'CL', value: '101' },
    ]);
    expect(changedEntries(rows, { NA: '139.2', CL: '  ' })).toEqual([]);
  });

  it('moves through editable rows only, staying at the ends', () => {
    const rows = entryRows([row('A'), row('B', { status: 'final' }), row('C'), row('D', { source: 'calculated' })], ['E'], () => false);
    expect(nextEditable(rows, undefined, 1)).toBe('A');
    expect(nextEditable(rows, 'A', 1)).toBe('C');
    expect(nextEditable(rows, 'C', 1)).toBe('E');
    expect(nextEditable(rows, 'E', 1)).toBe('E');
    expect(nextEditable(rows, 'C', -1)).toBe('A');
    expect(nextEditable(rows, undefined, -1)).toBe('E');
    expect(nextEditable(entryRows([row('X', { status: 'final' })], [], () => false), undefined, 1)).toBeUndefined();
  });

  it('lets the supervisor, or the reviewer of their own review, withdraw it — and nobody without the permission', () => {
    const tech = { permissions: ['lis.read', 'lis.result.review'], roles: ['lab-technician'], profile: 'Practitioner/sun' };
    const techWith = { ...tech, permissions: [...tech.permissions, 'lis.result.unreview'] };
    const head = { permissions: ['lis.result.unreview'], roles: ['lab-supervisor'], profile: 'Practitioner/qian' };
    expect(mayWithdraw(tech, 'Practitioner/sun', holds)).toBe(false);
    expect(mayWithdraw(techWith, 'Practitioner/sun', holds)).toBe(true);
    expect(mayWithdraw(techWith, 'Practitioner/other', holds)).toBe(false);
    expect(mayWithdraw(techWith, 'Organization/lead-hospital', holds)).toBe(false);
    expect(mayWithdraw(head, 'Practitioner/sun', holds)).toBe(true);
    expect(mayWithdraw({ permissions: ['*'], roles: [] }, 'Practitioner/sun', holds)).toBe(false);
  });
});

describe('bench reports and critical values', () => {
  const report: DiagnosticReport = {
    resourceType: 'DiagnosticReport',
    id: 'r1',
    status: 'final',
    code: {},
    resultsInterpreter: [{ reference: 'Practitioner/sun', display: '孙伟' }],
    extension: [{ url: 'https://medunion.org/fhir/lis/StructureDefinition/verify-code', valueString: 'ABCD-EFGH-JKMN-PQRS' }],
    result: [{ reference: 'Observation/o1' }, { reference: 'Observation/o2' }],
    media: [{ comment: 'WBC', link: { reference: 'Media/m1' } }],
  };

  it('reads reviewer, verification code, results and pictures from the FHIR report', () => {
    expect(reportFacts(report)).toEqual({ reviewerRef: 'Practitioner/sun', verifyCode: 'ABCD-EFGH-JKMN-PQRS', resultIds: ['o1', 'o2'], media: [{ id: 'm1', name: 'WBC' }] });
    expect(reportFacts({ resourceType: 'DiagnosticReport', status: 'preliminary', code: {} })).toEqual({ resultIds: [], media: [] });
  });

  it('reads a histogram’s numbers, and keeps a picture without them', () => {
    const numeric: Media = { resourceType: 'Media', id: 'm1', status: 'completed', content: { contentType: 'image/png', title: 'WBC' }, extension: [{ url: 'https://medunion.org/fhir/lis/StructureDefinition/histogram-values', valueString: '0 3 12  40 22 x 5' }] };
    expect(imageOf(numeric)).toEqual({ id: 'm1', name: 'WBC', contentType: 'image/png', values: [0, 3, 12, 40, 22, 5] });
    expect(imageOf({ resourceType: 'Media', id: 'm2', status: 'completed', content: { contentType: 'image/bmp' } }, 'DIFF')).toEqual({ id: 'm2', name: 'DIFF', contentType: 'image/bmp' });
  });

  it('marks reports holding a critical result, open ones apart', () => {
    const facts = new Map<string, ReportFacts>([
      ['r1', { resultIds: ['o1', 'o2'], media: [] }],
      ['r2', { resultIds: ['o3'], media: [] }],
      ['r3', { resultIds: ['o9'], media: [] }],
    ]);
    const marks = criticalReports(facts, [critical('t1', 'o2'), critical('t2', 'o3', 'acknowledged')]);
    expect([...marks.any].sort()).toEqual(['r1', 'r2']);
    expect([...marks.open]).toEqual(['r1']);
  });

  it('announces only critical values raised after the first look', () => {
    const open = [critical('t1', 'o1'), critical('t2', 'o2')];
    expect(newCriticals(undefined, open)).toEqual([]);
    expect(newCriticals(new Set(['t1']), open).map((c) => c.taskId)).toEqual(['t2']);
  });

  it('sums a batch review up with the refusals and their reasons', () => {
    expect(
      batchSummary([
        { reportId: 'a', outcome: 'reviewed' },
        { reportId: 'b', outcome: 'refused', status: 409, reasons: ['钾 结果不可信 / K is implausible', ''] },
        { reportId: 'c', outcome: 'reviewed' },
      ]),
    ).toEqual({ reviewed: 2, refused: [{ reportId: 'b', reasons: ['钾 结果不可信 / K is implausible'] }] });
  });

  it('moves the list selection, starting at the top', () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    expect(moveIn(rows, (r) => r.id, undefined, 1)).toBe('a');
    expect(moveIn(rows, (r) => r.id, 'a', 1)).toBe('b');
    expect(moveIn(rows, (r) => r.id, 'c', 1)).toBe('c');
    expect(moveIn(rows, (r) => r.id, 'a', -1)).toBe('a');
    expect(moveIn([], (r: { id: string }) => r.id, 'a', 1)).toBeUndefined();
  });

  it('gives the last days as China dates, month boundaries included', () => {
    expect(recentDays(3, new Date('2026-03-01T09:00:00+08:00'))).toEqual(['2026-02-27', '2026-03-01']);
    // 23:00 UTC on 6 December is already 7 December in China.
    expect(recentDays(1, new Date('2026-12-06T23:00:00Z'))).toEqual(['2026-12-07', '2026-12-07']);
  });
});
