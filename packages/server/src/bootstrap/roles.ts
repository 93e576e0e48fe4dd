import type { AccessPolicy, RoleDefinition } from '@medunion/kernel';

// mpi.read: every clinician may resolve a patient's identifiers across the alliance (PIXm, /api/mpi/resolve).
// terminology.read: dictionary pickers ($expand with pinyin), code lookups and the identifier registry.
const CLINICAL_READ = ['fhir.read', 'fhir.search', 'fhir.history', 'notice.read', 'mpi.read', 'terminology.read'];
const CLINICAL_WRITE = [...CLINICAL_READ, 'fhir.create', 'fhir.update'];
const LAB_BENCH = ['lis.read', 'lis.order', 'lis.specimen.collect', 'lis.specimen.receive', 'lis.specimen.reject', 'lis.result.enter', 'lis.result.review', 'lis.report.print', 'lis.qc.enter', 'lis.stats'];

/** Built-in roles, refreshed on every start (an administrator adds others through the API). */
export const BUILT_IN_ROLES: RoleDefinition[] = [
  { id: 'region-admin', nameZh: '区域管理员', nameEn: 'Region administrator', permissions: ['*'], builtIn: true },
  {
    id: 'institution-admin',
    nameZh: '机构管理员',
    nameEn: 'Institution administrator',
    // terminology.manage: the institution uploads its own dictionaries and maps them to the regional standards.
    // recognition.query and lis.*: an administrator grants only roles within their own permissions, so they hold
    // what the institution's clinical and laboratory roles hold.
    permissions: [...CLINICAL_WRITE, 'fhir.delete', 'admin.user.manage', 'admin.client.manage', 'admin.parameter.manage', 'audit.read', 'data.export', 'terminology.manage', 'recognition.query', 'lis.*'],
    builtIn: true,
  },
  // recognition.query: the doctor-side recognition interface (互认查询, forced decision dialog) — packages/recognition.
  // lis.order / lis.read: doctors order lab tests and read released results; nurses print labels and collect.
  { id: 'doctor', nameZh: '医生', nameEn: 'Doctor', permissions: [...CLINICAL_WRITE, 'data.export', 'recognition.query', 'lis.read', 'lis.order'], builtIn: true },
  { id: 'nurse', nameZh: '护士', nameEn: 'Nurse', permissions: [...CLINICAL_WRITE, 'lis.read', 'lis.specimen.collect'], builtIn: true },
  // Laboratory (packages/lis): the technician runs the bench and releases reports; the supervisor (检验科主任) also
  // withdraws reviews, recalls reports, configures instruments and the catalogue, and sets QC targets (seed 001
  // §1.4.2.1: QC targets only by named people).
  { id: 'lab-technician', nameZh: '检验技师', nameEn: 'Laboratory technician', permissions: [...CLINICAL_WRITE, ...LAB_BENCH], builtIn: true },
  {
    id: 'lab-supervisor',
    nameZh: '检验科主任',
    nameEn: 'Laboratory supervisor',
    permissions: [...CLINICAL_WRITE, ...LAB_BENCH, 'lis.result.unreview', 'lis.report.recall', 'lis.instrument.manage', 'lis.catalogue.manage', 'lis.qc.manage', 'data.export'],
    builtIn: true,
  },
  { id: 'radiologist', nameZh: '影像医师', nameEn: 'Radiologist', permissions: CLINICAL_WRITE, builtIn: true },
  { id: 'pharmacist', nameZh: '药师', nameEn: 'Pharmacist', permissions: CLINICAL_WRITE, builtIn: true },
  { id: 'registrar', nameZh: '挂号收费员', nameEn: 'Registration clerk', permissions: CLINICAL_WRITE, builtIn: true },
  { id: 'auditor', nameZh: '审计员', nameEn: 'Auditor', permissions: ['audit.read', 'audit.verify'], builtIn: true },
  // Region data steward of the patient index: settles the review queue, merges and splits persons.
  { id: 'mpi-steward', nameZh: '主索引管理员', nameEn: 'Patient index steward', permissions: [...CLINICAL_READ, 'mpi.review', 'mpi.merge'], builtIn: true },
  { id: 'interface', nameZh: '接口系统', nameEn: 'Interface system', permissions: CLINICAL_WRITE, builtIn: true },
  // Result recognition (packages/recognition): the region's platform administrator, and a hospital's upload account
  // (held together with `interface`, whose own-institution policy lets it write the uploaded resources).
  { id: 'recognition-admin', nameZh: '互认管理员', nameEn: 'Recognition administrator', permissions: [...CLINICAL_READ, 'recognition.admin', 'recognition.stats'], builtIn: true },
  { id: 'recognition-uploader', nameZh: '互认数据上传', nameEn: 'Recognition uploader', permissions: ['recognition.upload'], builtIn: true },
];

/** Built-in policies: staff work within their own institution; special patients are hidden from clerks; dictionaries are shared. */
export const BUILT_IN_POLICIES: AccessPolicy[] = [
  {
    id: 'staff-own-institution',
    name: '本机构人员访问本机构数据 / staff access their institution',
    effect: 'allow',
    access: ['read', 'write'],
    subjects: { roles: ['institution-admin', 'doctor', 'nurse', 'lab-technician', 'lab-supervisor', 'radiologist', 'pharmacist', 'registrar', 'interface'] },
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
  {
    // Dictionaries are shared by the whole region: module and demo terminology has no owning institution, which
    // the own-institution policy above would hide from every non-region user (and with it every dictionary picker).
    id: 'terminology-readable',
    name: '术语字典全员可读 / terminology readable by everyone',
    effect: 'allow',
    access: ['read'],
    subjects: { everyone: true },
    resourceTypes: ['CodeSystem', 'ValueSet', 'ConceptMap', 'NamingSystem'],
  },
];
