import type { BundleEntry, Encounter, Observation, Patient } from '@medplum/fhirtypes';
import { INSTITUTION_EXTENSION } from '../packages/kernel/src/store/fhir-store.ts';

/**
 * Synthetic, realistic-looking data for a county medical alliance (医共体): Chinese residents with
 * 居民身份证 numbers, mobile phones and county addresses, plus their encounters and lab / vital-sign
 * observations. Deterministic (seeded) so runs are comparable.
 */

export const ID_CARD_SYSTEM = 'urn:oid:2.16.156.10011.1.3';
export const LOINC = 'http://loinc.org';

/** mulberry32: small, fast, seedable. */
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

// The most common surnames (weighted roughly by frequency: earlier entries are drawn more often).
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN_MALE = '伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆建国志文东海林峰春德永成龙宏新晨';
const GIVEN_FEMALE = '芳娜敏静丽艳娟霞秀英燕玲桂兰红梅琳婷雪慧莉萍华颖倩洁晶月丹云凤琴佳欣怡璐';

export const INSTITUTIONS = [
  { id: 'org-county-hospital', name: '县人民医院' },
  { id: 'org-tcm-hospital', name: '县中医院' },
  { id: 'org-mch', name: '县妇幼保健院' },
  { id: 'org-thc-chengguan', name: '城关镇卫生院' },
  { id: 'org-thc-qiaotou', name: '桥头镇卫生院' },
  { id: 'org-thc-shanxia', name: '山下乡卫生院' },
];

/** The institution of the ordinary user in the access-filtering run (a township health centre, ~1/6 of the data). */
export const DOCTOR_INSTITUTION = INSTITUTIONS[3].id;

const TOWNS = [
  { name: '城关镇', code: '330727' },
  { name: '桥头镇', code: '330727' },
  { name: '山下乡', code: '330727' },
  { name: '新河镇', code: '330727' },
  { name: '白石乡', code: '330727' },
];
const VILLAGES = ['东村', '西村', '南山村', '河口村', '大塘村', '新屋村', '石桥村', '上洋村', '岭下村', '溪头村'];

interface LabDef {
  code: string;
  display: string;
  zh: string;
  unit: string;
  ucum: string;
  lo: number;
  hi: number;
  decimals: number;
  category: 'laboratory' | 'vital-signs';
}

export const LABS: LabDef[] = [
  { code: '718-7', display: 'Hemoglobin [Mass/volume] in Blood', zh: '血红蛋白', unit: 'g/L', ucum: 'g/L', lo: 90, hi: 170, decimals: 0, category: 'laboratory' },
  { code: '2345-7', display: 'Glucose [Moles/volume] in Serum or Plasma', zh: '空腹血糖', unit: 'mmol/L', ucum: 'mmol/L', lo: 3.5, hi: 12, decimals: 1, category: 'laboratory' },
  { code: '2093-3', display: 'Cholesterol [Moles/volume] in Serum or Plasma', zh: '总胆固醇', unit: 'mmol/L', ucum: 'mmol/L', lo: 2.8, hi: 7.5, decimals: 2, category: 'laboratory' },
  { code: '4548-4', display: 'Hemoglobin A1c/Hemoglobin.total in Blood', zh: '糖化血红蛋白', unit: '%', ucum: '%', lo: 4.2, hi: 11, decimals: 1, category: 'laboratory' },
  { code: '2160-0', display: 'Creatinine [Mass/volume] in Serum or Plasma', zh: '肌酐', unit: 'μmol/L', ucum: 'umol/L', lo: 40, hi: 180, decimals: 0, category: 'laboratory' },
  { code: '6690-2', display: 'Leukocytes [#/volume] in Blood', zh: '白细胞计数', unit: '10*9/L', ucum: '10*9/L', lo: 3, hi: 14, decimals: 1, category: 'laboratory' },
  { code: '1742-6', display: 'Alanine aminotransferase [Enzymatic activity/volume]', zh: '谷丙转氨酶', unit: 'U/L', ucum: 'U/L', lo: 5, hi: 90, decimals: 0, category: 'laboratory' },
  { code: '8480-6', display: 'Systolic blood pressure', zh: '收缩压', unit: 'mmHg', ucum: 'mm[Hg]', lo: 95, hi: 185, decimals: 0, category: 'vital-signs' },
  { code: '8462-4', display: 'Diastolic blood pressure', zh: '舒张压', unit: 'mmHg', ucum: 'mm[Hg]', lo: 55, hi: 115, decimals: 0, category: 'vital-signs' },
  { code: '8867-4', display: 'Heart rate', zh: '心率', unit: '次/分', ucum: '/min', lo: 50, hi: 120, decimals: 0, category: 'vital-signs' },
  { code: '29463-7', display: 'Body weight', zh: '体重', unit: 'kg', ucum: 'kg', lo: 40, hi: 95, decimals: 1, category: 'vital-signs' },
  { code: '8310-5', display: 'Body temperature', zh: '体温', unit: '℃', ucum: 'Cel', lo: 36, hi: 39.5, decimals: 1, category: 'vital-signs' },
];

/** Observations are dated within this window (two years), so a one-day window holds ~1/730 of them. */
export const DATA_FROM = Date.UTC(2024, 0, 1);
export const DATA_DAYS = 730;

export interface PatientFacts {
  identifier: string;
  namePrefix: string;
  institution: string;
}

export class Generator {
  readonly random: () => number;
  private readonly usedIdCards = new Set<string>();
  private mrn = 0;

  constructor(seed = 20261101) {
    this.random = rng(seed);
  }

  int(lo: number, hi: number): number {
    return lo + Math.floor(this.random() * (hi - lo + 1));
  }

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)];
  }

  /** Skewed pick: common surnames more often (roughly Zipf-like). */
  private surname(): string {
    const i = Math.floor(SURNAMES.length * this.random() ** 2.2);
    return SURNAMES[i];
  }

  patient(institution = this.pick(INSTITUTIONS).id): { resource: Patient; facts: PatientFacts } {
    const male = this.random() < 0.5;
    const family = this.surname();
    const pool = male ? GIVEN_MALE : GIVEN_FEMALE;
    const given = this.random() < 0.8 ? this.pick([...pool]) + this.pick([...pool]) : this.pick([...pool]);
    const birth = new Date(Date.UTC(1935, 0, 1) + Math.floor(this.random() * 88 * 365.25) * 86_400_000);
    const birthDate = birth.toISOString().slice(0, 10);
    const idCard = this.idCard(birthDate, male);
    const town = this.pick(TOWNS);
    const village = this.pick(VILLAGES);
    const phone = `1${this.pick(['3', '5', '7', '8', '9'])}${String(this.int(0, 999_999_999)).padStart(9, '0')}`;
    const resource: Patient = {
      resourceType: 'Patient',
      meta: { extension: [{ url: INSTITUTION_EXTENSION, valueReference: { reference: `Organization/${institution}` } }] },
      identifier: [
        { use: 'official', system: ID_CARD_SYSTEM, value: idCard, type: { text: '居民身份证' } },
        { use: 'usual', system: `https://medunion.org/fhir/sid/mrn/${institution}`, value: `MRN${String(++this.mrn).padStart(8, '0')}` },
      ],
      active: true,
      name: [{ use: 'official', text: `${family}${given}`, family, given: [given] }],
      telecom: [{ system: 'phone', value: phone, use: 'mobile' }],
      gender: male ? 'male' : 'female',
      birthDate,
      address: [
        {
          use: 'home',
          text: `浙江省衢州市某某县${town.name}${village}${this.int(1, 120)}号`,
          line: [`${village}${this.int(1, 120)}号`],
          district: town.name,
          city: '衢州市',
          state: '浙江省',
          postalCode: '324100',
          country: 'CN',
        },
      ],
      maritalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-MaritalStatus', code: this.pick(['M', 'S', 'W']) }] },
    };
    return { resource, facts: { identifier: idCard, namePrefix: family + given[0], institution } };
  }

  /** 18-digit 居民身份证号: 6-digit region, birth date, 3-digit sequence (odd = male), ISO 7064 MOD 11-2 check. */
  private idCard(birthDate: string, male: boolean): string {
    for (;;) {
      const region = `3308${String(this.int(1, 30)).padStart(2, '0')}`;
      let seq = this.int(0, 998);
      if (seq % 2 !== (male ? 1 : 0)) seq++;
      const body = `${region}${birthDate.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
      const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
      const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i], 0);
      const id = body + '10X98765432'[sum % 11];
      if (!this.usedIdCards.has(id)) {
        this.usedIdCards.add(id);
        return id;
      }
    }
  }

  /** An instant in the data window, in China time (+08:00) as clinical systems send it. */
  instant(dayOffset = this.int(0, DATA_DAYS - 1)): string {
    const t = DATA_FROM + dayOffset * 86_400_000 + this.int(7 * 3600, 18 * 3600) * 1000;
    return toChinaTime(new Date(t));
  }

  observation(subject: string, institution: string, encounter?: string, effective = this.instant()): Observation {
    const lab = this.pick(LABS);
    const value = Number((lab.lo + this.random() * (lab.hi - lab.lo)).toFixed(lab.decimals));
    return {
      resourceType: 'Observation',
      meta: { extension: [{ url: INSTITUTION_EXTENSION, valueReference: { reference: `Organization/${institution}` } }] },
      status: 'final',
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: lab.category }] }],
      code: { coding: [{ system: LOINC, code: lab.code, display: lab.display }], text: lab.zh },
      subject: { reference: subject },
      ...(encounter ? { encounter: { reference: encounter } } : {}),
      effectiveDateTime: effective,
      issued: effective,
      valueQuantity: { value, unit: lab.unit, system: 'http://unitsofmeasure.org', code: lab.ucum },
    };
  }

  encounter(subject: string, institution: string, start: string): Encounter {
    const inpatient = this.random() < 0.1;
    const startMs = Date.parse(start);
    const end = toChinaTime(new Date(startMs + (inpatient ? this.int(2, 10) * 86_400_000 : this.int(10, 90) * 60_000)));
    return {
      resourceType: 'Encounter',
      meta: { extension: [{ url: INSTITUTION_EXTENSION, valueReference: { reference: `Organization/${institution}` } }] },
      status: 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: inpatient ? 'IMP' : 'AMB', display: inpatient ? 'inpatient encounter' : 'ambulatory' },
      type: [{ text: inpatient ? '住院' : '门诊' }],
      subject: { reference: subject },
      period: { start, end },
    };
  }

  /** A 100-entry transaction Bundle of Patients and their Observations (10 × (1 + 9)). */
  patientsAndObservations(size = 100): { entries: BundleEntry[]; patients: PatientFacts[] } {
    const entries: BundleEntry[] = [];
    const patients: PatientFacts[] = [];
    while (entries.length < size) {
      const { resource, facts } = this.patient();
      const fullUrl = `urn:uuid:${crypto.randomUUID()}`;
      entries.push(post(fullUrl, resource));
      patients.push(facts);
      for (let i = 0; i < 9 && entries.length < size; i++) entries.push(post(undefined, this.observation(fullUrl, facts.institution)));
    }
    return { entries, patients };
  }

  /**
   * A transaction Bundle of about `size` entries shaped like a day of clinic uploads: patients, each
   * with an encounter and 4–10 observations made during it (referencing both by urn:uuid).
   */
  clinicDay(size = 100): { entries: BundleEntry[]; patients: PatientFacts[] } {
    const entries: BundleEntry[] = [];
    const patients: PatientFacts[] = [];
    while (entries.length < size - 2) {
      const { resource, facts } = this.patient();
      const patientUrl = `urn:uuid:${crypto.randomUUID()}`;
      const encounterUrl = `urn:uuid:${crypto.randomUUID()}`;
      const start = this.instant();
      entries.push(post(patientUrl, resource), post(encounterUrl, this.encounter(patientUrl, facts.institution, start)));
      patients.push(facts);
      const n = Math.min(this.int(4, 10), size - entries.length);
      for (let i = 0; i < n; i++) {
        const at = toChinaTime(new Date(Date.parse(start) + this.int(0, 60) * 60_000));
        entries.push(post(undefined, this.observation(patientUrl, facts.institution, encounterUrl, at)));
      }
    }
    return { entries, patients };
  }
}

function post(fullUrl: string | undefined, resource: Patient | Observation | Encounter): BundleEntry {
  return { ...(fullUrl ? { fullUrl } : {}), resource, request: { method: 'POST', url: resource.resourceType } };
}

/** `2025-03-01T10:23:00+08:00` */
export function toChinaTime(d: Date): string {
  const local = new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19);
  return `${local}+08:00`;
}

/** The China-time calendar day of a day offset in the data window, e.g. `2024-03-01`. */
export function dayOf(dayOffset: number): string {
  return new Date(DATA_FROM + dayOffset * 86_400_000).toISOString().slice(0, 10);
}
