import { describe, expect, it } from 'vitest';
import type { QcEvent, QcMaterial, QcResultEntry, QcTarget } from '@medunion/lis/contracts';
import { entryLevels, firstPair, levelNames, mergeEvents, qcPairs, readableReason, rerunChoices, targetRows } from './qc-series.ts';

const target = (instrumentId: string, testCode: string, validTo: string | null = null) => ({ instrumentId, testCode, validTo }) as QcTarget;

describe('QC pairs', () => {
  const pairs = qcPairs([target('bs', 'K'), target('bs', 'GLU'), target('bs', 'GLU'), target('bc', 'WBC'), target('bc', 'PLT', '2026-11-01T00:00:00Z')]);
  it('lists the tests with targets in force per instrument', () => {
    expect([...pairs]).toEqual([
      ['bs', ['GLU', 'K']],
      ['bc', ['WBC']],
    ]);
  });
  it('opens an out-of-control pair first, then a warning, else the first configured', () => {
    const status = (instrumentId: string, testCode: string, s: 'in-control' | 'warning' | 'out-of-control') => ({ instrumentId, testCode, at: '', status: s });
    expect(firstPair(pairs, [status('bs', 'K', 'warning'), status('bc', 'WBC', 'out-of-control')])).toEqual({ instrumentId: 'bc', testCode: 'WBC' });
    expect(firstPair(pairs, [status('bs', 'K', 'warning'), status('bc', 'PLT', 'out-of-control')])).toEqual({ instrumentId: 'bs', testCode: 'K' });
    expect(firstPair(pairs, [])).toEqual({ instrumentId: 'bs', testCode: 'GLU' });
    expect(firstPair(new Map(), [])).toBeUndefined();
  });
});

describe('level names and explanations', () => {
  const names = levelNames([{ key: 'm1:1', label: '', materialName: '生化质控', level: '1', lots: ['26530'] }], (m, l) => `${m} 水平${l}`);
  it('names levels by material and level', () => {
    expect(names.get('m1:1')).toBe('生化质控 水平1');
  });
  it('replaces level keys by their names and drops run ids from labcore reasons', () => {
    const zh = '失控：2-2s（同水平跨批）：2 个结果超出 +2SD：水平 m1:1/批 779c6ef0-2476-4e46-bc09-4ab5e3605bf3 z=+2.33、水平 m1:1/批 856d1008-71ec-4fce-a855-ebaf9caa7a6c z=+2.63';
    expect(readableReason(zh, names)).toBe('失控：2-2s（同水平跨批）：2 个结果超出 +2SD：生化质控 水平1 z=+2.33、生化质控 水平1 z=+2.63');
    const en = 'out of control: 1-3s: 1 result beyond +3 SD: level m1:1/run 856d1008-71ec-4fce-a855-ebaf9caa7a6c z=+3.10';
    expect(readableReason(en, new Map([['m1:1', 'Chem control level 1']]))).toBe('out of control: 1-3s: 1 result beyond +3 SD: Chem control level 1 z=+3.10');
  });
});

describe('corrective actions', () => {
  const result = (id: string, runId: string, measuredAt: string, level: string, runStatus: 'accept' | 'reject', testCode = 'GLU') => ({ id, runId, measuredAt, level, runStatus, testCode, instrumentId: 'bs' }) as QcResultEntry;
  const event = { testCode: 'GLU', instrumentId: 'bs', openedAt: '2026-12-07T00:00:00Z' };
  it('offers the runs since the event opened as re-runs, newest first, one entry per run', () => {
    const choices = rerunChoices(
      [
        result('a', 'r0', '2026-12-06T00:00:00Z', '1', 'accept'),
        result('b', 'r1', '2026-12-07T00:00:00Z', '1', 'reject'),
        result('c', 'r1', '2026-12-07T00:02:00Z', '2', 'reject'),
        result('d', 'r2', '2026-12-07T01:15:00Z', '1', 'accept'),
        result('e', 'r2', '2026-12-07T01:17:00Z', '2', 'accept'),
        result('f', 'r3', '2026-12-07T02:00:00Z', '1', 'accept', 'K'),
      ],
      event,
    );
    expect(choices).toEqual([
      { runId: 'r2', at: '2026-12-07T01:15:00Z', levels: ['1', '2'], status: 'accept' },
      { runId: 'r1', at: '2026-12-07T00:00:00Z', levels: ['1', '2'], status: 'reject' },
    ]);
  });
  it('lists open events first and each event once', () => {
    const ev = (id: string, status: 'open' | 'closed', openedAt: string) => ({ id, status, openedAt }) as QcEvent;
    expect(mergeEvents([ev('b', 'open', '2026-10-01T00:00:00Z')], [ev('a', 'closed', '2026-11-26T00:00:00Z'), ev('c', 'closed', '2026-11-28T00:00:00Z'), ev('b', 'open', '2026-10-01T00:00:00Z')]).map((e) => e.id)).toEqual(['b', 'c', 'a']);
  });
});

describe('manual entry levels', () => {
  const material = (name: string, active: boolean, lots: { lotNo: string; active: boolean; expired: boolean; levels: string[]; instrumentId?: string }[]) =>
    ({ name, active, lots: lots.map((l) => ({ ...l, levels: l.levels.map((level) => ({ id: `${l.lotNo}-${level}`, level, samples: l.instrumentId ? [{ sampleId: `QC-${level}`, instrumentId: l.instrumentId }] : [] })) })) }) as unknown as QcMaterial;
  it('offers levels of active, unexpired lots run on the instrument, those with a target here first', () => {
    const levels = entryLevels(
      [
        material('生化', true, [
          { lotNo: 'A', active: true, expired: false, levels: ['1', '2'] },
          { lotNo: 'OLD', active: true, expired: true, levels: ['1'] },
        ]),
        material('停用', false, [{ lotNo: 'X', active: true, expired: false, levels: ['1'] }]),
        material('血液', true, [{ lotNo: 'H', active: true, expired: false, levels: ['N'] }]),
        material('尿液', true, [{ lotNo: 'U', active: true, expired: false, levels: ['1'], instrumentId: 'urine-analyzer' }]),
      ],
      new Set(['H-N', 'A-2']),
      'bs',
    );
    expect(levels.map((l) => [l.id, l.targeted])).toEqual([
      ['A-2', true],
      ['H-N', true],
      ['A-1', false],
    ]);
  });
});

describe('target rows', () => {
  const materials = [
    { name: '生化', active: true, lots: [
      { lotNo: 'A', active: true, expired: false, levels: [{ id: 'A1', level: '1', samples: [] }, { id: 'A2', level: '2', samples: [] }] },
      { lotNo: 'OLD', active: false, expired: true, levels: [{ id: 'O1', level: '1', samples: [] }, { id: 'O2', level: '2', samples: [] }] },
    ] },
  ] as unknown as QcMaterial[];
  const t = (levelId: string, validTo: string | null = null, testCode = 'GLU') => ({ levelId, instrumentId: 'bs', testCode, validTo, mean: 1, sd: 0.1 }) as QcTarget;
  it('lists usable levels with their target first, and old lots only while a target is in force', () => {
    const rows = targetRows(materials, [t('A1'), t('O1'), t('O2', '2026-12-01T00:00:00Z'), t('A2', null, 'K')], 'bs', 'GLU');
    expect(rows.map((r) => [r.levelId, r.lotUsable, r.target?.levelId])).toEqual([
      ['A1', true, 'A1'],
      ['O1', false, 'O1'],
      ['A2', true, undefined],
    ]);
  });
  it('leaves out levels whose sample ids belong to other analyzers', () => {
    const blood = [{ name: '血液', active: true, lots: [{ lotNo: 'H', active: true, expired: false, levels: [{ id: 'H-N', level: 'N', samples: [{ sampleId: 'QC-N', instrumentId: 'bc' }] }] }] }] as unknown as QcMaterial[];
    expect(targetRows(blood, [], 'bs', 'GLU')).toEqual([]);
    expect(targetRows(blood, [], 'bc', 'WBC').map((r) => r.levelId)).toEqual(['H-N']);
  });
});
