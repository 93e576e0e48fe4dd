import { describe, expect, it } from 'vitest';
import type { Patient, Specimen } from '@medplum/fhirtypes';
import type { CataloguePanel, CatalogueTube, SpecimenTimeline } from '@medunion/lis/contracts';
import { addScan, chinaToday, cleanScan, duplicatesOf, issuesByMember, mergePanels, orderIdsOf, orderInputOf, scanCardOf, SPECIMEN_EXTENSIONS, timelineRows, totalPrice, tubeGroups } from './specimen-logic.ts';
import { OUTCOME_TONE, outcomeKey, reasonKey, statusKey } from './specimen-labels.ts';

const stored = { id: 'x', versionId: '1', lastUpdated: '2026-03-01T00:00:00Z', active: true, pinyin: [] };
const panel = (code: string, name: string, tube: string, price?: number): CataloguePanel => ({ ...stored, code, name, section: 'clinical', tube, tests: [], ...(price !== undefined ? { price } : {}) });
const tube = (code: string, capColour: CatalogueTube['capColour']): CatalogueTube => ({ ...stored, code, name: code, specimenType: '01', capColour, capColourName: capColour, capColourHex: '#000000' });
const PANELS = new Map([panel('CBC', '血常规', 'EDTA', 20), panel('LFT', '肝功能', 'SST', 45.5), panel('RFT', '肾功能', 'SST', 30.1), panel('HBA1C', '糖化血红蛋白', 'EDTA')].map((p) => [p.code, p]));
const TUBES = new Map([tube('EDTA', 'purple'), tube('SST', 'yellow')].map((t) => [t.code, t]));

describe('ordering', () => {
  it('adds template panels after the chosen ones, nothing twice', () => {
    expect(mergePanels(['CBC', 'LFT'], ['LFT', 'RFT', 'CBC'])).toEqual(['CBC', 'LFT', 'RFT']);
  });

  it('groups panels by tube as accession will (shared tube, one specimen), in the order chosen', () => {
    const groups = tubeGroups(['LFT', 'CBC', 'RFT', 'HBA1C', 'UNKNOWN'], PANELS, TUBES);
    expect(groups.map((g) => [g.code, g.tube?.capColour, g.panels.map((p) => p.code)])).toEqual([
      ['SST', 'yellow', ['LFT', 'RFT']],
      ['EDTA', 'purple', ['CBC', 'HBA1C']],
    ]);
  });

  it('sums prices in cents, panels without a price count nothing', () => {
    expect(totalPrice(['CBC', 'LFT', 'RFT', 'HBA1C'], PANELS)).toBe(95.6);
    expect(totalPrice([], PANELS)).toBe(0);
  });

  it('builds the order as the API takes it: accessioned, trimmed, empty inputs left out, duplicates confirmed only when asked', () => {
    const values = { patientType: '3' as const, department: 'lead-hospital-nk', ward: ' 内科一病区 ', bed: '', stat: true, diagnosis: '  ', note: undefined };
    expect(orderInputOf('demo-p1', ['CBC', 'LFT'], values)).toEqual({
      patient: { id: 'demo-p1' },
      panels: ['CBC', 'LFT'],
      patientType: '3',
      priority: 'stat',
      accession: true,
      department: 'lead-hospital-nk',
      ward: '内科一病区',
    });
    expect(orderInputOf('demo-p1', ['CBC'], { patientType: '1', stat: false, requester: 'demo-lead-doctor' }, true)).toMatchObject({ priority: 'routine', requester: 'demo-lead-doctor', confirmDuplicates: true });
  });

  it('reads the duplicate-order warning (409, warnings only) and nothing else', () => {
    const earlier = { panel: 'CBC', panelName: '血常规', requisition: 'R2026030100001', orderId: 'sr1', authoredOn: '2026-03-01T08:00:00+08:00' };
    const warning = { severity: 'warning', code: 'duplicate', expression: ['panels'], details: { text: '患者已有尚未出报告的血常规 / …' }, diagnostics: JSON.stringify(earlier) };
    expect(duplicatesOf(409, [warning])).toEqual([earlier]);
    // Text only (another server): the panel is still named by the text.
    expect(duplicatesOf(409, [{ severity: 'warning', details: { text: '重复' } }])).toEqual([{ panel: '', panelName: '重复', requisition: '', orderId: '' }]);
    expect(duplicatesOf(409, [{ severity: 'error', expression: ['requisition'] }])).toBeUndefined();
    expect(duplicatesOf(422, [warning])).toBeUndefined();
    expect(duplicatesOf(409, [])).toBeUndefined();
  });
});

describe('scanning', () => {
  it('cleans what scanners add (spaces, CR/LF, tabs)', () => {
    expect(cleanScan(' 260301000017\r\n')).toBe('260301000017');
    expect(cleanScan('\t')).toBe('');
  });

  it('queues scans: no empties, no repeats, refuses the one beyond the limit (the 11th of a pool)', () => {
    let queue: string[] = [];
    for (let i = 0; i < 10; i++) {
      const added = addScan(queue, `26030100${String(i).padStart(4, '0')}`, 10);
      if (!added.ok) throw new Error('refused');
      queue = added.queue;
    }
    expect(queue).toHaveLength(10);
    expect(addScan(queue, '260301009999', 10)).toEqual({ ok: false, reason: 'full' });
    expect(addScan(queue, ` ${queue[3]} `, 10)).toEqual({ ok: false, reason: 'duplicate' });
    expect(addScan([], '  ', 10)).toEqual({ ok: false, reason: 'empty' });
  });

  it('puts a refused pool’s issues on their members', () => {
    const issues = [
      { expression: ['members[2]'], details: { text: '标本 B 已在另一混检管中 / already pooled' } },
      { expression: ['members[2]'], details: { text: '容器不同 / another tube' } },
      { expression: ['members'], details: { text: '最多 10 个 / at most 10' } },
    ];
    const byMember = issuesByMember(issues, (s) => s.split(' / ')[0]);
    expect(byMember.get(2)).toEqual(['标本 B 已在另一混检管中', '容器不同']);
    expect(byMember.get(-1)).toEqual(['最多 10 个']);
  });

  it('signals outcomes: received good, repeat a warning, the rest errors; labels for known codes only', () => {
    expect(OUTCOME_TONE.received).toBe('success');
    expect(OUTCOME_TONE['already-received']).toBe('warning');
    expect(['rejected', 'not-found', 'refused'].map((o) => OUTCOME_TONE[o])).toEqual(['error', 'error', 'error']);
    expect(outcomeKey('mystery')).toBe('lisSpec.outcome.error');
    expect(reasonKey('hemolysed')).toBe('lisSpec.reason.hemolysed');
    expect(reasonKey('new-reason')).toBeUndefined();
    expect(statusKey('in-test')).toBe('lisSpec.status.in-test');
    expect(statusKey('archived')).toBeUndefined();
  });
});

describe('the scanned tube', () => {
  const specimen: Specimen = {
    resourceType: 'Specimen',
    id: 's1',
    extension: [
      { url: SPECIMEN_EXTENSIONS.tube, valueString: 'EDTA' },
      { url: SPECIMEN_EXTENSIONS.priority, valueCode: 'stat' },
      { url: SPECIMEN_EXTENSIONS.ward, valueString: '内科一病区' },
      { url: SPECIMEN_EXTENSIONS.bed, valueString: '12' },
      { url: SPECIMEN_EXTENSIONS.patientType, valueCoding: { code: '3' } },
    ],
    type: { text: '全血' },
    subject: { reference: 'Patient/demo-p1', display: '张三丰' },
    request: [
      { reference: 'ServiceRequest/sr1', display: '血常规' },
      { reference: 'ServiceRequest/sr2', display: '糖化血红蛋白' },
    ],
    container: [{ description: '紫头管（EDTA-K2 抗凝）', type: { coding: [{ code: 'purple', display: '紫色' }] } }],
  };

  it('shows whose tube, which tube and cap, which panels, where the patient is, and stat', () => {
    const patient: Patient = { resourceType: 'Patient', name: [{ text: '张三丰' }], gender: 'male', birthDate: '1956-03-12' };
    expect(scanCardOf(specimen, patient)).toEqual({
      patientName: '张三丰',
      gender: 'male',
      birthDate: '1956-03-12',
      tubeCode: 'EDTA',
      tubeName: '紫头管（EDTA-K2 抗凝）',
      capColour: 'purple',
      specimenType: '全血',
      panels: ['血常规', '糖化血红蛋白'],
      stat: true,
      ward: '内科一病区',
      bed: '12',
      patientType: '3',
    });
  });

  it('falls back to the subject display without the Patient (a pool has none) and is routine without a priority', () => {
    const card = scanCardOf({ resourceType: 'Specimen', subject: { display: '混检' } });
    expect(card).toEqual({ patientName: '混检', panels: [], stat: false });
    expect(scanCardOf({ resourceType: 'Specimen' }, { resourceType: 'Patient', name: [{ family: '李', given: ['秀英'] }] }).patientName).toBe('李秀英');
  });

  it('knows the tube’s order lines, for a new tube after a rejection', () => {
    expect(orderIdsOf(specimen)).toEqual(['sr1', 'sr2']);
    expect(orderIdsOf({ resourceType: 'Specimen' })).toEqual([]);
  });
});

describe('timeline and dates', () => {
  it('merges status changes and label prints oldest first', () => {
    const t: SpecimenTimeline = {
      specimenId: 's1',
      barcode: '260301000017',
      status: 'rejected',
      events: [
        { status: 'registered', statusName: '已登记', previousStatus: null, at: '2026-03-01T08:00:00Z', actor: 'u1', actorName: '李明', note: null },
        { status: 'collected', statusName: '已采集', previousStatus: 'registered', at: '2026-03-01T08:20:00Z', actor: 'u2', actorName: '赵丽', note: null },
        { status: 'rejected', statusName: '已拒收', previousStatus: 'collected', at: '2026-03-01T09:00:00Z', actor: 'u3', actorName: '孙伟', note: '溶血' },
      ],
      labels: [
        { at: '2026-03-01T08:10:00Z', reprint: false, layout: 'sheet', actorName: '赵丽' },
        { at: '2026-03-01T08:15:00Z', reprint: true, layout: 'single', actorName: '赵丽' },
      ],
    };
    const rows = timelineRows(t);
    expect(rows.map((r) => (r.kind === 'status' ? r.status : r.reprint ? 'reprint' : 'print'))).toEqual(['registered', 'print', 'reprint', 'collected', 'rejected']);
    expect(rows[4]).toMatchObject({ actorName: '孙伟', note: '溶血' });
  });

  it('counts days in China time whatever the workstation zone', () => {
    expect(chinaToday(new Date('2026-03-01T16:30:00Z'))).toBe('2026-03-02');
    expect(chinaToday(new Date('2026-03-01T15:59:00Z'))).toBe('2026-03-01');
  });
});
