import type { Patient, Specimen } from '@medplum/fhirtypes';
import type { CataloguePanel, CatalogueTube, LabDuplicateOrder, LabOrderInput, LabPatientType, SpecimenTimeline } from '@medunion/lis/contracts';

/**
 * Pure logic of the order, collection, receipt and pool pages: what an order sends, the tubes it will make, the
 * duplicate-order warning, scan queues, the scan card of a tube and its timeline. Tested in specimen-logic.test.ts.
 */

// ── Ordering ────────────────────────────────────────────────────────────────────────────────────────────────────

/** Panels added from a template join those already chosen; order of choice is kept, nothing twice. */
export function mergePanels(chosen: readonly string[], added: readonly string[]): string[] {
  return [...new Set([...chosen, ...added])];
}

export interface TubeGroup {
  /** The tube (SpecimenDefinition) code; '' when a panel names none the catalogue knows. */
  code: string;
  tube?: CatalogueTube;
  panels: CataloguePanel[];
}

/**
 * The tubes an order will be accessioned into, as the server does it: panels sharing a tube share one specimen.
 * Shown before submitting so the doctor sees how many tubes (and which caps) the patient will give.
 */
export function tubeGroups(codes: readonly string[], panels: ReadonlyMap<string, CataloguePanel>, tubes: ReadonlyMap<string, CatalogueTube>): TubeGroup[] {
  const groups = new Map<string, TubeGroup>();
  for (const code of codes) {
    const panel = panels.get(code);
    if (!panel) continue;
    const group = groups.get(panel.tube) ?? { code: panel.tube, tube: tubes.get(panel.tube), panels: [] };
    group.panels.push(panel);
    groups.set(panel.tube, group);
  }
  return [...groups.values()];
}

/** Sum of the chosen panels' prices (yuan, two decimals); panels without a price count nothing. */
export function totalPrice(codes: readonly string[], panels: ReadonlyMap<string, CataloguePanel>): number {
  const cents = codes.reduce((sum, c) => sum + Math.round((panels.get(c)?.price ?? 0) * 100), 0);
  return cents / 100;
}

export interface OrderFormValues {
  patientType: LabPatientType;
  department?: string;
  ward?: string;
  bed?: string;
  /** Practitioner id of the ordering doctor; empty = the caller. */
  requester?: string;
  stat: boolean;
  diagnosis?: string;
  note?: string;
}

const text = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);

/** The order as the API takes it: accessioned at once (tubes and barcodes come back), duplicates confirmed only when asked. */
export function orderInputOf(patientId: string, panels: readonly string[], v: OrderFormValues, confirmDuplicates = false): LabOrderInput {
  const input: LabOrderInput = { patient: { id: patientId }, panels: [...panels], patientType: v.patientType, priority: v.stat ? 'stat' : 'routine', accession: true };
  const fields = { department: text(v.department), ward: text(v.ward), bed: text(v.bed), requester: text(v.requester), diagnosis: text(v.diagnosis), note: text(v.note) };
  for (const [key, value] of Object.entries(fields)) if (value) Object.assign(input, { [key]: value });
  if (confirmDuplicates) input.confirmDuplicates = true;
  return input;
}

export interface OutcomeIssueLike {
  severity?: string;
  code?: string;
  expression?: string[];
  details?: { text?: string };
  diagnostics?: string;
}

/**
 * The earlier unreported orders a 409 warns about (one `warning` issue per panel, the order in `diagnostics` as
 * JSON), or undefined when the refusal is something else (an error issue, another status).
 */
export function duplicatesOf(status: number, issues: readonly OutcomeIssueLike[] | undefined): LabDuplicateOrder[] | undefined {
  if (status !== 409 || !issues?.length || issues.some((i) => i.severity !== 'warning')) return undefined;
  return issues.map((i) => {
    try {
      const parsed = JSON.parse(i.diagnostics ?? '') as Partial<LabDuplicateOrder>;
      if (parsed.panel && parsed.requisition) return { panel: parsed.panel, panelName: parsed.panelName ?? parsed.panel, requisition: parsed.requisition, orderId: parsed.orderId ?? '', ...(parsed.authoredOn ? { authoredOn: parsed.authoredOn } : {}) };
    } catch {
      // Not the JSON the LIS writes: the text still says what is duplicated.
    }
    return { panel: '', panelName: i.details?.text ?? '', requisition: '', orderId: '' };
  });
}

// ── Scanning ────────────────────────────────────────────────────────────────────────────────────────────────────

/** What a scanner or keyboard typed, without the spaces and control characters some scanners add; '' for nothing. */
export const cleanScan = (raw: string): string => raw.replace(/[\s\p{Cc}]/gu, '');

export type QueueAdd = { ok: true; queue: string[] } | { ok: false; reason: 'empty' | 'duplicate' | 'full' };

/** A scan joins a queue (a batch receipt, a pool) unless it is empty, already there, or the queue is full. */
export function addScan(queue: readonly string[], raw: string, max: number): QueueAdd {
  const barcode = cleanScan(raw);
  if (!barcode) return { ok: false, reason: 'empty' };
  if (queue.includes(barcode)) return { ok: false, reason: 'duplicate' };
  if (queue.length >= max) return { ok: false, reason: 'full' };
  return { ok: true, queue: [...queue, barcode] };
}

/** Issues naming `members[i]` (a refused pool) by member index; the rest under -1. */
export function issuesByMember(issues: readonly OutcomeIssueLike[], localize: (text: string) => string = (s) => s): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const issue of issues) {
    const match = (issue.expression ?? []).map((e) => /^members\[(\d+)\]/.exec(e)).find(Boolean);
    const index = match ? Number(match[1]) : -1;
    out.set(index, [...(out.get(index) ?? []), localize(issue.details?.text ?? issue.diagnostics ?? '')]);
  }
  return out;
}

// ── The scanned tube ────────────────────────────────────────────────────────────────────────────────────────────

/** Extensions the LIS writes on a Specimen (packages/lis specimens/codes.ts and urls.ts). */
const LIS = 'https://medunion.org/fhir/lis/StructureDefinition';
export const SPECIMEN_EXTENSIONS = {
  tube: `${LIS}/specimen-tube`,
  priority: `${LIS}/specimen-priority`,
  ward: `${LIS}/ward`,
  bed: `${LIS}/bed`,
  patientType: `${LIS}/patient-type`,
};

export interface ScanCard {
  patientName?: string;
  gender?: Patient['gender'];
  birthDate?: string;
  tubeCode?: string;
  tubeName?: string;
  /** Cap colour code of the container (purple, blue…), for when the catalogue no longer has the tube. */
  capColour?: string;
  specimenType?: string;
  panels: string[];
  stat: boolean;
  ward?: string;
  bed?: string;
  patientType?: string;
}

/** What the receipt desk shows of a tube: who, which tube and cap, which panels, and whether it is urgent. */
export function scanCardOf(specimen: Specimen, patient?: Patient): ScanCard {
  const ext = (url: string) => specimen.extension?.find((e) => e.url === url);
  const container = specimen.container?.[0];
  const name = patient?.name?.[0]?.text ?? ([patient?.name?.[0]?.family, ...(patient?.name?.[0]?.given ?? [])].filter(Boolean).join('') || specimen.subject?.display);
  const card: ScanCard = {
    panels: (specimen.request ?? []).map((r) => r.display ?? '').filter(Boolean),
    stat: ext(SPECIMEN_EXTENSIONS.priority)?.valueCode === 'stat',
  };
  const fields: Partial<ScanCard> = {
    patientName: name || undefined,
    gender: patient?.gender,
    birthDate: patient?.birthDate,
    tubeCode: ext(SPECIMEN_EXTENSIONS.tube)?.valueString,
    tubeName: container?.description ?? container?.type?.text,
    capColour: container?.type?.coding?.[0]?.code,
    specimenType: specimen.type?.text ?? specimen.type?.coding?.[0]?.display,
    ward: ext(SPECIMEN_EXTENSIONS.ward)?.valueString,
    bed: ext(SPECIMEN_EXTENSIONS.bed)?.valueString,
    patientType: ext(SPECIMEN_EXTENSIONS.patientType)?.valueCoding?.code,
  };
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) Object.assign(card, { [key]: value });
  return card;
}

/** The tube's order lines (ServiceRequest ids), for accessioning again after a rejection. */
export const orderIdsOf = (specimen: Specimen): string[] =>
  (specimen.request ?? []).flatMap((r) => (r.reference?.startsWith('ServiceRequest/') ? [r.reference.slice('ServiceRequest/'.length)] : []));

// ── Timeline ────────────────────────────────────────────────────────────────────────────────────────────────────

export type TimelineRow =
  | { kind: 'status'; at: string; status: string; statusName: string; actorName: string | null; note: string | null }
  | { kind: 'label'; at: string; reprint: boolean; layout: string; actorName: string | null };

/** Status changes and label prints of a tube in one list, oldest first (a print between collection and receipt shows there). */
export function timelineRows(t: SpecimenTimeline): TimelineRow[] {
  const rows: TimelineRow[] = [
    ...t.events.map((e) => ({ kind: 'status' as const, at: e.at, status: e.status, statusName: e.statusName, actorName: e.actorName, note: e.note })),
    ...t.labels.map((l) => ({ kind: 'label' as const, at: l.at, reprint: l.reprint, layout: l.layout, actorName: l.actorName })),
  ];
  return rows.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

// ── Dates ───────────────────────────────────────────────────────────────────────────────────────────────────────

/** Today's date in China (the LIS counts days in China time, whatever the workstation's clock zone). */
export const chinaToday = (now = new Date()): string => new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
