/**
 * Synthetic workload of the recognition benchmark: patients, the local item dictionaries the uploading hospitals
 * map, lab and exam reports, and the doctor-side requests. Everything is a pure function of an index and a seed,
 * so the benchmark process (set-up) and the load-client process (requests) agree without sharing state.
 */
import { idCardCheckDigit } from '../../packages/server/src/bootstrap/demo-region.ts';
import { flattenCatalogue } from '../../packages/recognition/src/catalogue/build.ts';
import { EXAM_ITEMS } from '../../packages/recognition/src/catalogue/exam-items.ts';
import { LAB_ITEMS } from '../../packages/recognition/src/catalogue/lab-items.ts';
import { REFERENCE_INTERVALS } from '../../packages/recognition/src/qc/reference-intervals.ts';
import { GIVEN_FEMALE, GIVEN_MALE, SURNAMES } from '../mpi/names.ts';

/** Institutions of the demo region that upload reports (each served by several concurrent clients). */
export const UPLOADERS = ['lead-hospital', 'thc-hexi'] as const;
/** The doctors' institution: it registers a share of the patients (so they are in its doctors' care) and uploads nothing else. */
export const DOCTOR_INSTITUTION = 'thc-dongling';

/** Deterministic PRNG (mulberry32): the same seed gives the same reports in every process. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)];

export interface SyntheticPatient {
  index: number;
  name: string;
  gender: '1' | '2';
  birthDate: string;
  idCard: string;
}

export function patient(index: number): SyntheticPatient {
  const r = rng(1_000_003 + index);
  const female = r() < 0.5;
  const surname = SURNAMES[Math.floor(r() * SURNAMES.length)][0];
  const given = pick(r, female ? GIVEN_FEMALE : GIVEN_MALE).join('');
  const birth = new Date(Date.UTC(1940 + Math.floor(r() * 70), Math.floor(r() * 12), 1 + Math.floor(r() * 28)));
  const birthDate = birth.toISOString().slice(0, 10);
  // Division and sequence come from the index, so two patients share an ID card only when their indexes are
  // 49,900 apart and their random birth dates coincide (about 1 in 25,000 such pairs).
  const division = String(331100 + (Math.floor(index / 499) % 100));
  const seq = (index % 499) * 2 + (female ? 0 : 1);
  const card = `${division}${birthDate.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  return { index, name: `${surname}${given}`, gender: female ? '2' : '1', birthDate, idCard: card + idCardCheckDigit(card) };
}

/**
 * Which institutions hold a record of patient `i`: a third only the county hospital, a third only 河西, a third
 * both; every `inCareEvery`-th also 东岭 (the doctors' institution), so its doctors have patients in care.
 */
export function registrations(i: number, inCareEvery: number): string[] {
  const at: string[] = [];
  if (i % 3 !== 2) at.push('lead-hospital');
  if (i % 3 !== 0) at.push('thc-hexi');
  if (i % inCareEvery === 0) at.push(DOCTOR_INSTITUTION);
  return at;
}

export const mrnOf = (institution: string, i: number): string => `${institution === 'lead-hospital' ? 'L' : institution === 'thc-hexi' ? 'H' : 'D'}${String(i).padStart(8, '0')}`;

/** Local item codes: `L` + regional code for lab items, `E` + regional code for exam items (the mapping is 1:1). */
export const localLab = (code: string): string => `L${code}`;
export const localExam = (code: string): string => `E${code}`;

export interface Panel {
  code: string;
  name: string;
  specimen: string;
  analytes: { code: string; name: string; unit?: string }[];
}

export const PANELS: Panel[] = LAB_ITEMS.map((p) => ({
  code: p.code,
  name: p.zh,
  specimen: String(p.properties.specimen),
  analytes: (p.children ?? []).map((a) => ({ code: a.code, name: a.zh, ...(a.properties.unit ? { unit: String(a.properties.unit) } : {}) })),
}));

/** Rough order frequencies of the panels in a county laboratory (血常规 and 生化 dominate). */
const PANEL_WEIGHTS: Record<string, number> = { CBC: 30, UA: 12, LFT: 14, RFT: 12, LIPID: 8, 'GLU-PANEL': 8, ELEC: 8, TFT: 4, COAG: 4 };

/** Every lab and exam item of the catalogue as `[local code, name, regional code]`, for the hospitals' dictionaries. */
export function labDictionary(): [string, string, string][] {
  return flattenCatalogue(LAB_ITEMS).map((e) => [localLab(e.code), e.zh, e.code]);
}
export function examDictionary(): [string, string, string][] {
  return EXAM_ITEMS.map((e) => [localExam(e.code), e.zh, e.code]);
}

const chinaTime = (ms: number): string => `${new Date(ms + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;

/** A result value: normal around the reference interval's centre (SD a quarter of its width), or a qualitative one. */
function value(r: () => number, code: string): { value: string; low?: number; high?: number; flag?: 'N' | 'H' | 'L' } {
  const interval = REFERENCE_INTERVALS[code];
  if (!interval) return code.startsWith('U-') && code !== 'U-PH' && code !== 'U-SG' ? { value: r() < 0.9 ? '阴性' : '弱阳性' } : { value: (1 + r() * 9).toFixed(2) };
  const [low, high] = interval;
  const gauss = Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  const v = (low + high) / 2 + gauss * ((high - low) / 4);
  const decimals = high < 10 ? 2 : high < 100 ? 1 : 0;
  const flag = v > high ? 'H' : v < low ? 'L' : 'N';
  return { value: v.toFixed(decimals), low, high, flag };
}

/** Report number `n` (global across clients) uploaded by `institution` for one of the patients it registered. */
export function report(n: number, institution: string, patients: number, seed: number, now: number): { path: string; body: Record<string, unknown>; results: number } {
  const r = rng(seed * 7919 + n);
  // A patient this institution registered (see `registrations`): lead holds i % 3 ∈ {0, 1}, 河西 i % 3 ∈ {1, 2}.
  const offsets = institution === 'lead-hospital' ? [0, 1] : [1, 2];
  const block = Math.floor(r() * Math.ceil(patients / 3));
  let i = block * 3 + pick(r, offsets);
  if (i >= patients) i = pick(r, offsets);
  const mrn = mrnOf(institution, i);
  // Collected 0–20 days ago: most lab windows are 7–14 days, so a good share is recognisable and some has expired.
  const collected = now - Math.floor(r() * 20 * 86_400_000) - 3_600_000;
  const reportNo = `${institution === 'lead-hospital' ? 'JY' : 'HX'}${String(n).padStart(10, '0')}`;
  if (r() < 0.1) {
    const exam = pick(r, EXAM_ITEMS);
    return {
      path: '/api/recognition/v1/exam-reports',
      results: 0,
      body: {
        reportNo: `F${reportNo}`,
        patientMrn: mrn,
        itemCode: localExam(exam.code),
        itemName: exam.zh,
        modality: String(exam.properties.modality),
        bodyPart: String(exam.properties.bodyPart),
        examAt: chinaTime(collected),
        reportedAt: chinaTime(collected + 2 * 3_600_000),
        studyUid: `1.2.156.112605.${n}.${Math.floor(r() * 1e6)}`,
        findings: `${exam.properties.bodyPart}形态、大小及密度未见明显异常，周围结构清晰。`,
        conclusion: r() < 0.85 ? `${exam.properties.bodyPart}未见明显异常。` : `${exam.properties.bodyPart}见小结节影，建议随访复查。`,
      },
    };
  }
  const total = Object.values(PANEL_WEIGHTS).reduce((s, w) => s + w, 0);
  let roll = r() * total;
  const panel = PANELS.find((p) => (roll -= PANEL_WEIGHTS[p.code] ?? 0) < 0) ?? PANELS[0];
  const instrument = institution === 'lead-hospital' ? (panel.code === 'CBC' ? 'Sysmex XN-1000' : 'Beckman AU5800') : panel.code === 'CBC' ? 'Mindray BC-5390' : 'Mindray BS-800';
  return {
    path: '/api/recognition/v1/lab-reports',
    results: panel.analytes.length,
    body: {
      reportNo,
      orderNo: `SQ${reportNo.slice(2)}`,
      patientMrn: mrn,
      itemCode: localLab(panel.code),
      itemName: panel.name,
      specimenType: panel.specimen,
      specimenNo: `BB${reportNo.slice(2)}`,
      collectedAt: chinaTime(collected),
      reportedAt: chinaTime(collected + 2 * 3_600_000),
      instrument,
      results: panel.analytes.map((a) => {
        const v = value(r, a.code);
        return {
          itemCode: localLab(a.code),
          itemName: a.name,
          value: v.value,
          ...(a.unit && a.unit !== '-' ? { unit: a.unit } : {}),
          ...(v.low !== undefined ? { referenceLow: v.low, referenceHigh: v.high, flag: v.flag } : {}),
        };
      }),
    },
  };
}

/** Items a doctor orders in the 处方保存校验 call: 1–4 regional codes, lab panels mostly, sometimes imaging. */
export function orderItems(r: () => number): { code: string }[] {
  const n = 1 + Math.floor(r() * 4);
  const codes = new Set<string>();
  while (codes.size < n) codes.add(r() < 0.8 ? pick(r, PANELS).code : pick(r, EXAM_ITEMS).code);
  return [...codes].map((code) => ({ code }));
}

