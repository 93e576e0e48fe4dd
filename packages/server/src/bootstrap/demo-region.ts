import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import { INSTITUTION_EXTENSION, SYSTEM_PRINCIPAL, type Kernel } from '@medunion/kernel';

/** Password of every demo user (printed at first start; change it before real use). */
export const DEMO_PASSWORD = 'Demo@2026';

const ORG_TYPE = 'http://terminology.hl7.org/CodeSystem/organization-type';
const ORG_CODE = 'https://medunion.org/fhir/NamingSystem/organization-code';
const ID_CARD = 'urn:oid:2.16.156.10011.1.3';

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
  { username: 'lead.radiologist', name: '周敏', institution: 'lead-hospital', role: 'radiologist', department: 'fsk' },
  { username: 'lead.pharmacist', name: '吴静', institution: 'lead-hospital', role: 'pharmacist', department: 'yjk' },
  { username: 'lead.registrar', name: '郑洁', institution: 'lead-hospital', role: 'registrar', department: 'mzb' },
  { username: 'hexi.doctor', name: '刘洋', institution: 'thc-hexi', role: 'doctor', department: 'qk' },
  { username: 'hexi.lab', name: '黄磊', institution: 'thc-hexi', role: 'lab-technician', department: 'jys' },
  { username: 'dongling.doctor', name: '何芳', institution: 'thc-dongling', role: 'doctor', department: 'qk' },
];

const DEMO_PATIENTS: { id: string; name: string; gender: 'male' | 'female'; birthDate: string; idCard: string; institution: string; vip?: boolean }[] = [
  { id: 'demo-p1', name: '张三丰', gender: 'male', birthDate: '1956-03-12', idCard: '110101195603120019', institution: 'lead-hospital' },
  { id: 'demo-p2', name: '李秀英', gender: 'female', birthDate: '1972-08-25', idCard: '110101197208250021', institution: 'lead-hospital' },
  { id: 'demo-p3', name: '王小明', gender: 'male', birthDate: '2015-01-30', idCard: '110101201501300035', institution: 'thc-hexi' },
  { id: 'demo-p4', name: '赵秀兰', gender: 'female', birthDate: '1948-11-02', idCard: '11010119481102004X', institution: 'thc-dongling' },
  { id: 'demo-p5', name: '钱卫国', gender: 'male', birthDate: '1965-06-18', idCard: '110101196506180011', institution: 'lead-hospital', vip: true },
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
        identifier: [{ system: ID_CARD, value: p.idCard }],
        name: [{ text: p.name, family: p.name[0], given: [p.name.slice(1)] }],
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
