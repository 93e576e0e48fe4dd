import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { FhirError, type ModuleContext, type RequestContext } from '@medunion/kernel';
import { buildAck, createMessage, decodeHl7, HL7_ERROR_CODES, Hl7Message, readOrders, type Hl7ErrorDetail } from '@medunion/protocols';
import type { LabOrderInput, LabOrderResult, LabPatientType } from '../contracts/specimens.ts';
import { prepareOrder, writeOrderIn, type PreparedOrder } from './create.ts';
import { findPractitioner, practitionerName } from './parties.ts';

/** Message types this endpoint takes: HL7 v2 laboratory and general orders. */
const ACCEPTED = new Set(['OML^O21', 'ORM^O01']);

/** PV1-2 patient class → national patient type (1 门诊, 2 急诊, 3 住院, 4 体检); the national codes themselves pass through. */
const PATIENT_CLASS: Record<string, LabPatientType> = { O: '1', E: '2', I: '3', P: '3', H: '4', '1': '1', '2': '2', '3': '3', '4': '4' };

/** One requisition of the message with where its parts sit (for error locations). */
interface Group {
  input: LabOrderInput;
  obrOccurrences: number[];
  orcOccurrence: number;
  requesterId?: string;
  requesterName?: string;
}

export interface Hl7OrderOutcome {
  ack: Hl7Message;
  results: LabOrderResult[];
}

/** An acknowledgement when the text is not an HL7 message at all (there is no MSH-10 to echo). */
function rejectUnreadable(reason: string): Hl7OrderOutcome {
  const ack = createMessage(['ACK', '', 'ACK']);
  ack.addSegment('MSA', ['AR', '', reason]);
  ack.addSegment('ERR').setRaw(1, {}, `MSH^1^0^${HL7_ERROR_CODES.segmentSequenceError}&${reason.replace(/[|^~\\&]/g, ' ')}&HL70357`);
  return { ack, results: [] };
}

/** A resident ID card number (18 characters, the last a digit or X) or a PID-3 typed NI. */
const isIdCard = (id: string, type?: string) => type === 'NI' || /^\d{17}[\dXx]$/.test(id);

function groupsOf(message: Hl7Message): Group[] {
  const { patient, requests } = readOrders(message);
  const identifiers = patient?.identifiers ?? [];
  const idCard = identifiers.find((i) => isIdCard(i.id, i.type))?.id;
  const mrn = identifiers.find((i) => !isIdCard(i.id, i.type) && i.id)?.id;
  const patientClass = message.get('PV1-2');
  const diagnosisCode = message.get('DG1-3.1');
  const diagnosis = message.get('DG1-3.2') || message.get('DG1-4') || message.get('OBR-31.2');
  const orcs = message.segmentsNamed('ORC');
  const groups = new Map<string, Group>();
  requests.forEach((r, i) => {
    // The ORC this OBR follows: the last ORC before the (i+1)-th OBR.
    const obr = message.segmentsNamed('OBR')[i];
    const orcIndex = orcs.filter((o) => message.segments.indexOf(o) < message.segments.indexOf(obr)).length;
    const orc = orcs[orcIndex - 1];
    const requisition = orc?.get(4) || r.placerOrderNumber;
    const key = requisition || `#${orcIndex}`;
    const group = groups.get(key) ?? {
      input: {
        patient: { ...(mrn ? { mrn } : {}), ...(idCard ? { idCard } : {}) },
        ...(requisition ? { requisition } : {}),
        panels: [],
        ...(PATIENT_CLASS[patientClass] ? { patientType: PATIENT_CLASS[patientClass] } : {}),
        ...(orc?.get(17) ? { department: orc.get(17) } : {}),
        ...(message.get('PV1-3.1') ? { ward: message.get('PV1-3.1') } : {}),
        ...(message.get('PV1-3.3') ? { bed: message.get('PV1-3.3') } : {}),
        ...(diagnosis ? { diagnosis } : {}),
        ...(diagnosisCode ? { diagnosisCode } : {}),
        confirmDuplicates: true,
      },
      obrOccurrences: [],
      orcOccurrence: orcIndex,
      ...((orc?.get(12) || obr.get(16)) ? { requesterId: orc?.get(12) || obr.get(16) } : {}),
      ...((orc?.get(12, 1, 2) || obr.get(16, 1, 2)) ? { requesterName: `${orc?.get(12, 1, 2) || obr.get(16, 1, 2)}${orc?.get(12, 1, 3) || obr.get(16, 1, 3)}` } : {}),
    };
    group.input.panels!.push(r.test.code);
    if (r.priority.toUpperCase() === 'S') group.input.priority = 'stat';
    group.obrOccurrences.push(i + 1);
    groups.set(key, group);
  });
  return [...groups.values()];
}

/** Where in the message a field of the order input came from. */
function locate(expression: string, g: Group): Pick<Hl7ErrorDetail, 'segment' | 'sequence' | 'field'> {
  const panel = /panels\[(\d+)\]/.exec(expression);
  if (panel) return { segment: 'OBR', sequence: g.obrOccurrences[Number(panel[1])], field: 4 };
  if (expression.startsWith('patient')) return { segment: 'PID', sequence: 1, field: 3 };
  if (expression.startsWith('department')) return { segment: 'ORC', sequence: g.orcOccurrence, field: 17 };
  if (expression.startsWith('requisition')) return { segment: 'ORC', sequence: g.orcOccurrence, field: 4 };
  return { segment: 'MSH', sequence: 1, field: 9 };
}

const textOf = (i: OperationOutcomeIssue): string => i.details?.text ?? i.diagnostics ?? i.code;

/**
 * HL7 v2 orders posted to the API (OML^O21, ORM^O01; ORC-1 NW): each placer group (ORC-4, else ORC-2) is one
 * requisition, each OBR-4 a panel of the catalogue; the patient by PID-3 (MRN, or an ID card: typed NI or shaped
 * like one); PV1-2 patient class, PV1-3 ward^room^bed, ORC-17 department, ORC-12/OBR-16 ordering doctor, DG1-3 or
 * OBR-31 diagnosis, priority S = stat. All requisitions are written in one transaction, then acknowledged AA
 * (duplicates of unreported orders as ERR warnings); AE names the segment and field of every problem and writes
 * nothing; AR refuses what is not an order message.
 */
export async function receiveHl7Orders(ctx: ModuleContext, request: RequestContext, institution: string, bytes: Uint8Array): Promise<Hl7OrderOutcome> {
  let message: Hl7Message;
  try {
    message = decodeHl7(bytes);
  } catch (err) {
    return rejectUnreadable(`不是可读的 HL7 v2 消息 / Not a readable HL7 v2 message: ${(err as Error).message}`.slice(0, 200));
  }
  const type = `${message.messageType.code}^${message.messageType.trigger}`;
  if (!ACCEPTED.has(type)) {
    return { ack: buildAck(message, { code: 'AR', errors: [{ code: HL7_ERROR_CODES.unsupportedMessageType, segment: 'MSH', sequence: 1, field: 9, text: `只接收 OML^O21 和 ORM^O01 / Only OML^O21 and ORM^O01 are accepted, not ${type}` }] }), results: [] };
  }
  const structural: Hl7ErrorDetail[] = [];
  if (!message.segment('PID')) structural.push({ code: HL7_ERROR_CODES.requiredFieldMissing, segment: 'PID', sequence: 1, text: '缺少 PID 段 / The PID segment is missing' });
  else if (!message.get('PID-3') && !message.get('PID-2')) structural.push({ code: HL7_ERROR_CODES.requiredFieldMissing, segment: 'PID', sequence: 1, field: 3, text: '缺少患者标识 PID-3 / PID-3 patient identifier is missing' });
  if (!message.segment('OBR')) structural.push({ code: HL7_ERROR_CODES.requiredFieldMissing, segment: 'OBR', sequence: 1, text: '缺少 OBR 段 / No OBR segment' });
  message.segmentsNamed('ORC').forEach((orc, i) => {
    if (orc.get(1) !== 'NW') structural.push({ code: HL7_ERROR_CODES.tableValueNotFound, segment: 'ORC', sequence: i + 1, field: 1, text: `只支持新开医嘱 NW，收到 ${orc.get(1) || '空'} / Only new orders (NW) are accepted` });
  });
  if (structural.length) return { ack: buildAck(message, { code: 'AE', errors: structural }), results: [] };

  const groups = groupsOf(message);
  const prepared: PreparedOrder[] = [];
  const errors: Hl7ErrorDetail[] = [];
  for (const g of groups) {
    try {
      const practitioner = g.requesterId ? await findPractitioner(ctx, request, g.requesterId) : undefined;
      if (practitioner?.id) g.input.requester = practitioner.id;
      const p = await prepareOrder(ctx, request, institution, g.input);
      if (!practitioner && (g.requesterName || g.requesterId)) {
        // A doctor the platform does not know yet: kept by name and staff number, as HIS sent it.
        p.facts.requester = { ...(g.requesterId ? { identifier: { value: g.requesterId } } : {}), display: g.requesterName || g.requesterId };
      } else if (practitioner) p.facts.requester = { reference: `Practitioner/${practitioner.id}`, ...(practitionerName(practitioner) ? { display: practitionerName(practitioner) } : {}) };
      prepared.push(p);
    } catch (err) {
      if (!(err instanceof FhirError) || err.status >= 500) throw err;
      for (const i of err.issues) errors.push({ code: err.status === 422 || err.status === 404 ? HL7_ERROR_CODES.unknownKeyIdentifier : HL7_ERROR_CODES.dataTypeError, ...locate(i.expression?.[0] ?? '', g), text: textOf(i) });
    }
  }
  if (errors.length) return { ack: buildAck(message, { code: 'AE', errors }), results: [] };
  const results = await ctx.store.inUnit(request, async (unit) => {
    const out: LabOrderResult[] = [];
    for (const p of prepared) out.push(await writeOrderIn(ctx, unit, request, p));
    return out;
  });
  const warnings: Hl7ErrorDetail[] = prepared.flatMap((p, gi) =>
    p.duplicates.map((d) => ({
      code: HL7_ERROR_CODES.duplicateKeyIdentifier,
      severity: 'W' as const,
      ...locate(`panels[${groups[gi].input.panels!.indexOf(d.panel)}]`, groups[gi]),
      text: `重复开单：患者已有未出报告的 ${d.panelName}（申请单 ${d.requisition}）/ Duplicate of unreported order ${d.requisition}`,
    })),
  );
  return { ack: buildAck(message, { code: 'AA', text: results.map((r) => r.requisition).join(','), errors: warnings }), results };
}

