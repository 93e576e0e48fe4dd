import type { AccessKind, AccessPolicy } from '../policies.api.ts';

/** The editor's form values: every list dimension as a string list, dates as `YYYY-MM-DD` strings. */
export interface PolicyFormValues {
  id: string;
  name: string;
  effect: 'allow' | 'deny';
  access: AccessKind[];
  active: boolean;
  everyone: boolean;
  users: string[];
  roles: string[];
  clients: string[];
  interfaces: string[];
  validFrom?: string;
  validTo?: string;
  institutions: string[];
  resourceTypes: string[];
  sources: string[];
  patientCategories: string[];
  patients: string[];
  exams: string[];
  dataFrom?: string;
  dataTo?: string;
}

/** The list dimensions of a policy beyond its subjects, in the order the editor and the list show them. */
export const LIST_DIMENSIONS = ['institutions', 'resourceTypes', 'interfaces', 'sources', 'patientCategories', 'patients', 'exams'] as const;
export type ListDimension = (typeof LIST_DIMENSIONS)[number];

/** Same rule as the kernel (validatePolicy): ids are used in URLs and audit entries. */
export const POLICY_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

export const EMPTY_POLICY: PolicyFormValues = {
  id: '',
  name: '',
  effect: 'allow',
  access: ['read'],
  active: true,
  everyone: false,
  users: [],
  roles: [],
  clients: [],
  interfaces: [],
  institutions: [],
  resourceTypes: [],
  sources: [],
  patientCategories: [],
  patients: [],
  exams: [],
};

export function toFormValues(p: AccessPolicy): PolicyFormValues {
  return {
    id: p.id,
    name: p.name,
    effect: p.effect,
    access: [...p.access],
    active: p.active !== false,
    everyone: !!p.subjects.everyone,
    users: p.subjects.users ?? [],
    roles: p.subjects.roles ?? [],
    clients: p.subjects.clients ?? [],
    interfaces: p.interfaces ?? [],
    validFrom: p.validFrom,
    validTo: p.validTo,
    institutions: p.institutions ?? [],
    resourceTypes: p.resourceTypes ?? [],
    sources: p.sources ?? [],
    patientCategories: p.patientCategories ?? [],
    patients: p.patients ?? [],
    exams: p.exams ?? [],
    dataFrom: p.dataPeriod?.from,
    dataTo: p.dataPeriod?.to,
  };
}

const list = (values: readonly string[] | undefined): string[] | undefined => {
  const clean = [...new Set((values ?? []).map((v) => v.trim()).filter(Boolean))];
  return clean.length ? clean : undefined;
};
const text = (value: string | undefined | null) => value?.trim() || undefined;

/** The policy to save (or to preview as a draft): empty dimensions are left out, which the kernel reads as "any". */
export function toPolicy(v: PolicyFormValues): AccessPolicy {
  const subjects: AccessPolicy['subjects'] = v.everyone ? { everyone: true } : { users: list(v.users), roles: list(v.roles), clients: list(v.clients) };
  const policy: AccessPolicy = {
    id: v.id.trim(),
    name: v.name.trim(),
    effect: v.effect,
    access: [...v.access],
    subjects: Object.fromEntries(Object.entries(subjects).filter(([, x]) => x !== undefined)),
    active: v.active,
  };
  for (const d of LIST_DIMENSIONS) {
    const values = list(v[d]);
    if (values) policy[d] = values;
  }
  if (text(v.validFrom)) policy.validFrom = text(v.validFrom);
  if (text(v.validTo)) policy.validTo = text(v.validTo);
  if (text(v.dataFrom) || text(v.dataTo)) policy.dataPeriod = { ...(text(v.dataFrom) ? { from: text(v.dataFrom) } : {}), ...(text(v.dataTo) ? { to: text(v.dataTo) } : {}) };
  return policy;
}

/** Problems the form can name before the server is asked: field name → message key suffix under `admin.policies.error.`. */
export function policyProblems(v: PolicyFormValues): Partial<Record<keyof PolicyFormValues, 'id' | 'subjects' | 'validRange' | 'dataRange' | 'access'>> {
  const problems: ReturnType<typeof policyProblems> = {};
  if (!POLICY_ID_PATTERN.test(v.id.trim())) problems.id = 'id';
  if (!v.access.length) problems.access = 'access';
  if (!v.everyone && !list(v.users) && !list(v.roles) && !list(v.clients)) problems.roles = 'subjects';
  if (v.validFrom && v.validTo && v.validFrom > v.validTo) problems.validTo = 'validRange';
  if (v.dataFrom && v.dataTo && v.dataFrom > v.dataTo) problems.dataTo = 'dataRange';
  return problems;
}

/** The conditions of a policy as dimension → values, for the list's summary column (empty dimensions omitted). */
export function policyConditions(p: AccessPolicy): { dimension: ListDimension | 'validity' | 'dataPeriod'; values: string[] }[] {
  const out: ReturnType<typeof policyConditions> = LIST_DIMENSIONS.filter((d) => p[d]?.length).map((d) => ({ dimension: d, values: p[d]! }));
  if (p.validFrom || p.validTo) out.push({ dimension: 'validity', values: [`${p.validFrom ?? '…'} – ${p.validTo ?? '…'}`] });
  if (p.dataPeriod?.from || p.dataPeriod?.to) out.push({ dimension: 'dataPeriod', values: [`${p.dataPeriod.from ?? '…'} – ${p.dataPeriod.to ?? '…'}`] });
  return out;
}

/** Subjects as displayable tokens: `*` for everyone, else users, roles and clients with their kind. */
export function policySubjects(p: AccessPolicy): { kind: 'everyone' | 'user' | 'role' | 'client'; value: string }[] {
  if (p.subjects.everyone) return [{ kind: 'everyone', value: '*' }];
  return [
    ...(p.subjects.roles ?? []).map((value) => ({ kind: 'role' as const, value })),
    ...(p.subjects.users ?? []).map((value) => ({ kind: 'user' as const, value })),
    ...(p.subjects.clients ?? []).map((value) => ({ kind: 'client' as const, value })),
  ];
}

// Kernel validation messages start with the policy field ("dataPeriod.from: … is not a date"); map it to the form field.
const FIELD_OF: Record<string, keyof PolicyFormValues> = { 'dataPeriod.from': 'dataFrom', 'dataPeriod.to': 'dataTo', subjects: 'roles' };

/** The form field a server validation message names, if any. */
export function policyFieldOf(message: string): keyof PolicyFormValues | undefined {
  const m = /^([A-Za-z]+(?:\.[A-Za-z]+)?): /.exec(message);
  if (!m) return undefined;
  if (FIELD_OF[m[1]]) return FIELD_OF[m[1]];
  return m[1] in EMPTY_POLICY || m[1] === 'validFrom' || m[1] === 'validTo' ? (m[1] as keyof PolicyFormValues) : undefined;
}
