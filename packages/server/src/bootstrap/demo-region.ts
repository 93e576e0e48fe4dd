import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import { INSTITUTION_EXTENSION, SYSTEM_PRINCIPAL, type Kernel } from '@medunion/kernel';

/** Password of every demo user (printed at first start; change it before real use). */
export const DEMO_PASSWORD = 'Demo@2026';

const ORG_TYPE = 'http://terminology.hl7.org/CodeSystem/organization-type';
const ORG_CODE = 'https://medunion.org/fhir/NamingSystem/organization-code';
const V2_IDENTIFIER_TYPE = 'http://terminology.hl7.org/CodeSystem/v2-0203';

interface DemoInstitution {
  id: string;
  name: string;
  alias: string;
  code: string;
  departments: [string, string][];
}

/** A fictional county (青山县): the commission, the lead hospital and two township health centres. */
export const DEMO_INSTITUTIONS: DemoInstitution[] = [
  {
    id: 'lead-hospital',
    name: '青山县人民医院',
    alias: '县医院',
    code: 'QS001',
    departments: [
      ['nk', '内科'],
      ['wk', '外科'],
      ['jyk', '检验科'],
      ['fsk', '放射科'],
      ['xdt', '心电图室'],
      ['yjk', '药剂科'],
      ['mzb', '门诊部'],
    ],
  },
  { id: 'thc-hexi', name: '青山县河西镇卫生院', alias: '河西卫生院', code: 'QS101', departments: [['qk', '全科'], ['jys', '检验室'], ['fss', '放射室']] },
  { id: 'thc-dongling', name: '青山县东岭镇卫生院', alias: '东岭卫生院', code: 'QS102', departments: [['qk', '全科'], ['jys', '检验室']] },
];

interface DemoUser {
  username: string;
  name: string;
  institution?: string;
  role: string;
  department?: string;
}

export const DEMO_USERS: DemoUser[] = [
  { username: 'commission', name: '王建国', role: 'auditor' },
  { username: 'lead.admin', name: '陈志强', institution: 'lead-hospital', role: 'institution-admin' },
  { username: 'lead.doctor', name: '李明', institution: 'lead-hospital', role: 'doctor', department: 'nk' },
  { username: 'lead.nurse', name: '赵丽', institution: 'lead-hospital', role: 'nurse', department: 'nk' },
  { username: 'lead.lab', name: '孙伟', institution: 'lead-hospital', role: 'lab-technician', department: 'jyk' },
  { username: 'lead.labhead', name: '钱立新', institution: 'lead-hospital', role: 'lab-supervisor', department: 'jyk' },
  { username: 'lead.radiologist', name: '周敏', institution: 'lead-hospital', role: 'radiologist', department: 'fsk' },
  { username: 'lead.pharmacist', name: '吴静', institution: 'lead-hospital', role: 'pharmacist', department: 'yjk' },
  { username: 'lead.registrar', name: '郑洁', institution: 'lead-hospital', role: 'registrar', department: 'mzb' },
  { username: 'hexi.doctor', name: '刘洋', institution: 'thc-hexi', role: 'doctor', department: 'qk' },
  { username: 'hexi.lab', name: '黄磊', institution: 'thc-hexi', role: 'lab-technician', department: 'jys' },
  { username: 'dongling.doctor', name: '何芳', institution: 'thc-dongling', role: 'doctor', department: 'qk' },
];

/** Identifier systems of patients (documented in the server README): 居民身份证 (resident ID card) and 病历号 per institution. */
export const RESIDENT_ID_CARD = 'urn:oid:2.16.156.10011.1.3';
export const mrnSystem = (institution: string): string => `https://medunion.org/fhir/sid/mrn/${institution}`;

/** Administrative division code used for the fictional county's residents (six digits, GB/T 2260 form). */
const COUNTY_DIVISION = '110101';
const ID_CARD_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** GB 11643 check character of the first 17 digits of a resident ID card (ISO 7064 MOD 11-2). */
export function idCardCheckDigit(first17: string): string {
  const sum = [...first17].reduce((acc, digit, i) => acc + Number(digit) * ID_CARD_WEIGHTS[i], 0);
  return '10X98765432'[sum % 11];
}

/** A valid 18-digit resident ID card number: division, birth date, sequence (odd for men, even for women), check. */
function residentIdCard(birthDate: string, sequence: number, gender: 'male' | 'female'): string {
  const seq = sequence * 2 + (gender === 'male' ? 1 : 0);
  const first17 = `${COUNTY_DIVISION}${birthDate.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  return first17 + idCardCheckDigit(first17);
}

export interface DemoPatient {
  id: string;
  name: string;
  gender: 'male' | 'female';
  birthDate: string;
  institution: string;
  /** 18-digit resident ID card number with a valid check character. */
  idCard: string;
  /** Medical record number within the institution. */
  mrn: string;
  phone: string;
  vip?: boolean;
}

const patient = (n: number, name: string, gender: DemoPatient['gender'], birthDate: string, institution: string, phone: string, vip?: boolean): DemoPatient => ({
  id: `demo-p${n}`,
  name,
  gender,
  birthDate,
  institution,
  idCard: residentIdCard(birthDate, n, gender),
  mrn: `2026${String(n).padStart(5, '0')}`,
  phone,
  ...(vip ? { vip } : {}),
});

/**
 * Demo patients. demo-p1…p5 are the ones tests reason about (p5 is a VIP, hidden from clerks); the
 * rest give lists something to page through.
 */
export const DEMO_PATIENTS: DemoPatient[] = [
  patient(1, '张三丰', 'male', '1956-03-12', 'lead-hospital', '13905710001'),
  patient(2, '李秀英', 'female', '1972-08-25', 'lead-hospital', '13905710002'),
  patient(3, '王小明', 'male', '2015-01-30', 'thc-hexi', '13905710003'),
  patient(4, '赵秀兰', 'female', '1948-11-02', 'thc-dongling', '13905710004'),
  patient(5, '钱卫国', 'male', '1965-06-18', 'lead-hospital', '13905710005', true),
  patient(6, '孙丽华', 'female', '1983-04-09', 'lead-hospital', '13905710006'),
  patient(7, '周建军', 'male', '1969-10-21', 'lead-hospital', '15867320007'),
  patient(8, '吴桂芳', 'female', '1951-02-14', 'lead-hospital', '15867320008'),
  patient(9, '郑志刚', 'male', '1978-07-30', 'lead-hospital', '15867320009'),
  patient(10, '冯淑珍', 'female', '1962-12-05', 'lead-hospital', '18757610010'),
  patient(11, '陈浩然', 'male', '2009-09-17', 'lead-hospital', '18757610011'),
  patient(12, '褚雅琴', 'female', '1990-05-26', 'lead-hospital', '18757610012'),
  patient(13, '卫国强', 'male', '1974-03-03', 'lead-hospital', '13757620013'),
  patient(14, '蒋晓燕', 'female', '1987-01-19', 'thc-hexi', '13757620014'),
  patient(15, '沈宏伟', 'male', '1958-08-08', 'thc-hexi', '13757620015'),
  patient(16, '韩美玲', 'female', '1996-11-11', 'thc-hexi', '13957630016'),
  patient(17, '杨德福', 'male', '1944-06-25', 'thc-hexi', '13957630017'),
  patient(18, '朱玉梅', 'female', '1967-09-02', 'thc-dongling', '13957630018'),
  patient(19, '秦海涛', 'male', '1981-12-28', 'thc-dongling', '15057640019'),
  patient(20, '尤佳怡', 'female', '2012-04-15', 'thc-dongling', '15057640020'),
];

/** Idempotent (PUT with fixed ids): safe to run again. Returns the users created, for printing. */
export async function seedDemoRegion(kernel: Kernel): Promise<DemoUser[]> {
  const ctx = { principal: SYSTEM_PRINCIPAL };
  const entries: BundleEntry[] = [];
  const put = (resource: Resource & { id: string }, institution?: string) => {
    const withOwner = institution
      ? { ...resource, meta: { ...resource.meta, extension: [{ url: INSTITUTION_EXTENSION, valueReference: { reference: `Organization/${institution}` } }] } }
      : resource;
    entries.push({ resource: withOwner, request: { method: 'PUT', url: `${resource.resourceType}/${resource.id}` } });
  };
  put({ resourceType: 'Organization', id: 'county-hc', active: true, name: '青山县卫生健康局', alias: ['县卫健局'], type: [{ coding: [{ system: ORG_TYPE, code: 'govt', display: 'Government' }] }], identifier: [{ system: ORG_CODE, value: 'QS000' }] }, 'county-hc');
  for (const inst of DEMO_INSTITUTIONS) {
    put(
      {
        resourceType: 'Organization',
        id: inst.id,
        active: true,
        name: inst.name,
        alias: [inst.alias],
        identifier: [{ system: ORG_CODE, value: inst.code }],
        type: [{ coding: [{ system: ORG_TYPE, code: 'prov', display: 'Healthcare Provider' }] }],
        partOf: { reference: 'Organization/county-hc' },
      },
      inst.id,
    );
    for (const [code, name] of inst.departments) {
      put(
        {
          resourceType: 'Organization',
          id: `${inst.id}-${code}`,
          active: true,
          name,
          identifier: [{ system: `${ORG_CODE}/${inst.code}`, value: code }],
          type: [{ coding: [{ system: ORG_TYPE, code: 'dept', display: 'Hospital Department' }] }],
          partOf: { reference: `Organization/${inst.id}` },
        },
        inst.id,
      );
    }
  }
  for (const user of DEMO_USERS) {
    const id = `demo-${user.username.replace('.', '-')}`;
    put({ resourceType: 'Practitioner', id, active: true, name: [{ text: user.name, family: user.name[0], given: [user.name.slice(1)] }] }, user.institution ?? 'county-hc');
    if (user.institution) {
      put(
        {
          resourceType: 'PractitionerRole',
          id: `${id}-role`,
          active: true,
          practitioner: { reference: `Practitioner/${id}` },
          organization: { reference: `Organization/${user.institution}` },
          code: [{ text: user.role }],
          ...(user.department ? { extension: [{ url: 'https://medunion.org/fhir/StructureDefinition/department', valueReference: { reference: `Organization/${user.institution}-${user.department}` } }] } : {}),
        },
        user.institution,
      );
    }
  }
  for (const p of DEMO_PATIENTS) {
    put(
      {
        resourceType: 'Patient',
        id: p.id,
        active: true,
        ...(p.vip ? { meta: { security: [{ system: 'https://medunion.org/fhir/CodeSystem/patient-category', code: 'VIP', display: '特殊患者' }] } } : {}),
        identifier: [
          { use: 'official', type: { coding: [{ system: V2_IDENTIFIER_TYPE, code: 'NI' }], text: '居民身份证' }, system: RESIDENT_ID_CARD, value: p.idCard },
          { use: 'usual', type: { coding: [{ system: V2_IDENTIFIER_TYPE, code: 'MR' }], text: '病历号' }, system: mrnSystem(p.institution), value: p.mrn },
        ],
        name: [{ use: 'official', text: p.name, family: p.name[0], given: [p.name.slice(1)] }],
        telecom: [{ system: 'phone', value: p.phone, use: 'mobile' }],
        gender: p.gender,
        birthDate: p.birthDate,
        managingOrganization: { reference: `Organization/${p.institution}` },
      },
      p.institution,
    );
  }
  const bundle: Bundle = { resourceType: 'Bundle', type: 'transaction', entry: entries };
  await kernel.store.bundle(ctx, bundle);

  const created: DemoUser[] = [];
  for (const user of DEMO_USERS) {
    try {
      await kernel.auth.createUser({
        username: user.username,
        password: DEMO_PASSWORD,
        displayName: user.name,
        profile: `Practitioner/demo-${user.username.replace('.', '-')}`,
        roles: [{ role: user.role, institution: user.institution }],
      });
      created.push(user);
    } catch (err) {
      if ((err as { code?: string }).code !== 'username_taken') throw err;
    }
  }
  return created;
}
