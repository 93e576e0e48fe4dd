import type { AccessPolicy, RoleDefinition } from '@medunion/kernel';

const CLINICAL_READ = ['fhir.read', 'fhir.search', 'fhir.history', 'notice.read'];
const CLINICAL_WRITE = [...CLINICAL_READ, 'fhir.create', 'fhir.update'];

/** Built-in roles, refreshed on every start (an administrator adds others through the API). */
export const BUILT_IN_ROLES: RoleDefinition[] = [
  { id: 'region-admin', nameZh: '区域管理员', nameEn: 'Region administrator', permissions: ['*'], builtIn: true },
  {
    id: 'institution-admin',
    nameZh: '机构管理员',
    nameEn: 'Institution administrator',
    permissions: [...CLINICAL_WRITE, 'fhir.delete', 'admin.user.manage', 'admin.client.manage', 'audit.read', 'data.export'],
    builtIn: true,
  },
  { id: 'doctor', nameZh: '医生', nameEn: 'Doctor', permissions: [...CLINICAL_WRITE, 'data.export'], builtIn: true },
  { id: 'nurse', nameZh: '护士', nameEn: 'Nurse', permissions: CLINICAL_WRITE, builtIn: true },
  { id: 'lab-technician', nameZh: '检验技师', nameEn: 'Laboratory technician', permissions: CLINICAL_WRITE, builtIn: true },
  { id: 'radiologist', nameZh: '影像医师', nameEn: 'Radiologist', permissions: CLINICAL_WRITE, builtIn: true },
  { id: 'pharmacist', nameZh: '药师', nameEn: 'Pharmacist', permissions: CLINICAL_WRITE, builtIn: true },
  { id: 'registrar', nameZh: '挂号收费员', nameEn: 'Registration clerk', permissions: CLINICAL_WRITE, builtIn: true },
  { id: 'auditor', nameZh: '审计员', nameEn: 'Auditor', permissions: ['audit.read', 'audit.verify'], builtIn: true },
  { id: 'interface', nameZh: '接口系统', nameEn: 'Interface system', permissions: CLINICAL_WRITE, builtIn: true },
];

/** Built-in policies: staff work within their own institution; special patients are hidden from clerks. */
export const BUILT_IN_POLICIES: AccessPolicy[] = [
  {
    id: 'staff-own-institution',
    name: '本机构人员访问本机构数据 / staff access their institution',
    effect: 'allow',
    access: ['read', 'write'],
    subjects: { roles: ['institution-admin', 'doctor', 'nurse', 'lab-technician', 'radiologist', 'pharmacist', 'registrar', 'interface'] },
    institutions: ['$own'],
  },
  {
    id: 'vip-hidden-from-clerks',
    name: '特殊患者对挂号收费员不可见 / special patients hidden from clerks',
    effect: 'deny',
    access: ['read', 'write'],
    subjects: { roles: ['registrar'] },
    patientCategories: ['VIP'],
  },
];
