import type { DiagnosticReport, Observation, ServiceRequest, Specimen } from '@medplum/fhirtypes';
import type { TestPlatform } from '../../../server/test/platform.ts';
import { SPECIMEN_EXT } from '../../src/specimens/codes.ts';
import { CS, EXT, INTERPRETATION, sid } from '../../src/urls.ts';
import { LAB, put } from './helpers.ts';

/** China time on a November 2026 day. */
export const nov = (day: number, time: string): string => new Date(`2026-11-${String(day).padStart(2, '0')}T${time}:00+08:00`).toISOString();

export interface ScenarioResult {
  test: string;
  value: number | string;
  flag?: string;
  at: string;
}

/** One specimen of one order, with the times the TAT is made of and its results. */
export interface ScenarioCase {
  n: number;
  panel: string;
  panelName: string;
  patient: string;
  department: [code: string, name: string];
  doctor: [id: string, name: string];
  priority: 'routine' | 'stat';
  orderStatus?: 'active' | 'revoked';
  ordered: string;
  collected?: string;
  received?: string;
  status: string;
  results?: ScenarioResult[];
  reported?: string;
}

const NK: [string, string] = ['Organization/lead-hospital-nk', '内科'];
const WK: [string, string] = ['Organization/lead-hospital-wk', '外科'];
const MZ: [string, string] = ['Organization/lead-hospital-mzb', '门诊部'];
const LI: [string, string] = ['demo-lead-doctor', '李明'];
const WANG: [string, string] = ['demo-other-doctor', '王刚'];

/**
 * A day of the lead hospital's laboratory (10 November 2026, and one specimen the day before): reported,
 * in-progress, overdue, rejected and revoked cases. The expected figures are computed from this table in the tests.
 */
export const CASES: ScenarioCase[] = [
  { n: 1, panel: 'FBG', panelName: '空腹血糖', patient: 'demo-p1', department: NK, doctor: LI, priority: 'routine', ordered: nov(10, '08:00'), collected: nov(10, '08:10'), received: nov(10, '08:30'), status: 'reviewed', results: [{ test: 'GLU', value: 5.2, flag: 'N', at: nov(10, '09:00') }], reported: nov(10, '09:20') },
  {
    n: 2,
    panel: 'ELEC',
    panelName: '电解质',
    patient: 'demo-p2',
    department: WK,
    doctor: LI,
    priority: 'routine',
    ordered: nov(10, '08:05'),
    collected: nov(10, '08:20'),
    received: nov(10, '08:40'),
    status: 'reviewed',
    results: [
      { test: 'NA', value: 141, flag: 'N', at: nov(10, '09:10') },
      { test: 'K', value: 5.8, flag: 'H', at: nov(10, '09:12') },
    ],
    reported: nov(10, '10:00'),
  },
  { n: 3, panel: 'CBC', panelName: '血常规', patient: 'demo-p6', department: MZ, doctor: WANG, priority: 'stat', ordered: nov(10, '09:00'), collected: nov(10, '09:05'), received: nov(10, '09:15'), status: 'reviewed', results: [{ test: 'WBC', value: 12.5, flag: 'H', at: nov(10, '09:30') }], reported: nov(10, '09:40') },
  { n: 4, panel: 'HBV', panelName: '乙肝表面抗原', patient: 'demo-p7', department: NK, doctor: WANG, priority: 'routine', ordered: nov(10, '09:30'), collected: nov(10, '09:40'), received: nov(10, '10:00'), status: 'resulted', results: [{ test: 'HBSAG', value: '阳性', flag: 'A', at: nov(10, '11:00') }] },
  { n: 5, panel: 'CBC', panelName: '血常规', patient: 'demo-p8', department: NK, doctor: LI, priority: 'routine', ordered: nov(10, '11:00'), collected: nov(10, '11:30'), status: 'collected' },
  { n: 6, panel: 'FBG', panelName: '空腹血糖', patient: 'demo-p9', department: WK, doctor: LI, priority: 'routine', ordered: nov(10, '13:40'), collected: nov(10, '14:00'), received: nov(10, '14:20'), status: 'received' },
  { n: 7, panel: 'ELEC', panelName: '电解质', patient: 'demo-p10', department: WK, doctor: WANG, priority: 'routine', ordered: nov(10, '13:00'), collected: nov(10, '13:10'), received: nov(10, '13:30'), status: 'in-test' },
  { n: 8, panel: 'CBC', panelName: '血常规', patient: 'demo-p11', department: MZ, doctor: WANG, priority: 'routine', ordered: nov(10, '10:00'), collected: nov(10, '10:10'), received: nov(10, '10:30'), status: 'rejected' },
  { n: 9, panel: 'FBG', panelName: '空腹血糖', patient: 'demo-p12', department: NK, doctor: LI, priority: 'routine', orderStatus: 'revoked', ordered: nov(10, '07:00'), status: 'registered' },
  { n: 10, panel: 'FBG', panelName: '空腹血糖', patient: 'demo-p13', department: NK, doctor: LI, priority: 'routine', ordered: nov(9, '08:00'), collected: nov(9, '09:00'), received: nov(9, '09:30'), status: 'reviewed', results: [{ test: 'GLU', value: 6.5, flag: 'H', at: nov(9, '10:00') }], reported: nov(9, '10:30') },
];

export const barcodeOf = (c: ScenarioCase): string => `B2026111${String(c.n).padStart(3, '0')}`;

/**
 * Writes the scenario as the LIS areas would: ServiceRequest per order, Specimen per tube (status as its LIS status
 * extension), Observations and a final DiagnosticReport — through the store, which feeds the statistics projection.
 */
export async function writeScenario(t: TestPlatform, cases: ScenarioCase[] = CASES): Promise<void> {
  for (const c of cases) {
    const srId = `sc-sr-${c.n}`;
    const spId = `sc-sp-${c.n}`;
    await put<ServiceRequest>(t, {
      resourceType: 'ServiceRequest',
      id: srId,
      status: c.orderStatus ?? 'active',
      intent: 'order',
      priority: c.priority,
      requisition: { system: sid.requisition(LAB), value: `R${c.n}` },
      identifier: [{ system: sid.orderLine(LAB), value: `R${c.n}/${c.panel}` }],
      code: { coding: [{ system: CS.panels(LAB), code: c.panel, display: c.panelName }] },
      subject: { reference: `Patient/${c.patient}` },
      requester: { reference: `Practitioner/${c.doctor[0]}`, display: c.doctor[1] },
      authoredOn: c.ordered,
      // The ordering department as the orders area records it.
      extension: [{ url: SPECIMEN_EXT.department, valueReference: { reference: c.department[0], display: c.department[1] } }],
    });
    await put<Specimen>(t, {
      resourceType: 'Specimen',
      id: spId,
      identifier: [{ system: sid.barcode(LAB), value: barcodeOf(c), use: 'official' }],
      status: c.status === 'rejected' ? 'unsatisfactory' : 'available',
      subject: { reference: `Patient/${c.patient}` },
      request: [{ reference: `ServiceRequest/${srId}` }],
      ...(c.collected ? { collection: { collectedDateTime: c.collected } } : {}),
      ...(c.received ? { receivedTime: c.received } : {}),
      extension: [{ url: EXT.specimenStatus, valueCode: c.status }],
    });
    const results: string[] = [];
    for (const r of c.results ?? []) {
      const id = `sc-ob-${c.n}-${r.test}`;
      results.push(id);
      await put<Observation>(t, {
        resourceType: 'Observation',
        id,
        status: c.reported ? 'final' : 'preliminary',
        identifier: [{ system: sid.result(LAB), value: `${barcodeOf(c)}/${r.test}` }],
        basedOn: [{ reference: `ServiceRequest/${srId}` }],
        code: { coding: [{ system: CS.tests(LAB), code: r.test }] },
        subject: { reference: `Patient/${c.patient}` },
        effectiveDateTime: c.collected,
        issued: r.at,
        ...(typeof r.value === 'number' ? { valueQuantity: { value: r.value } } : { valueString: r.value }),
        ...(r.flag ? { interpretation: [{ coding: [{ system: INTERPRETATION, code: r.flag }] }] } : {}),
        specimen: { reference: `Specimen/${spId}` },
        device: { reference: 'Device/sc-analyzer' },
      });
    }
    if (c.reported) {
      await put<DiagnosticReport>(t, {
        resourceType: 'DiagnosticReport',
        id: `sc-dr-${c.n}`,
        status: 'final',
        code: { coding: [{ system: CS.panels(LAB), code: c.panel }] },
        subject: { reference: `Patient/${c.patient}` },
        specimen: [{ reference: `Specimen/${spId}` }],
        result: results.map((id) => ({ reference: `Observation/${id}` })),
        issued: c.reported,
      });
    }
  }
}
