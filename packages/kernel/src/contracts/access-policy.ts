/** `read` covers read, vread, search, history; `write` covers create, update, patch, delete. */
export type AccessKind = 'read' | 'write';

/** Interfaces through which data is reached; policies may restrict by them. */
export type AccessInterface = 'fhir' | 'api' | 'export' | 'subscription' | 'module' | 'internal';

/**
 * Access policy model. The eleven dimensions of seed 003 §3C-3 map as follows:
 *  source (来源) → `sources` (meta.source of the data), interface (接口) → `interfaces`,
 *  data type (数据类型) → `resourceTypes`, patient type (患者类型) → `patientCategories`,
 *  patient (病人) → `patients`, exam (检查) → `exams`, data period (数据时段) → `dataPeriod`,
 *  authorised system (授权系统) → `subjects.clients`, user (用户) → `subjects.users`/`subjects.roles`,
 *  authorisation period (授权时段) → `validFrom`/`validTo`, allow/deny (拒绝与允许) → `effect`.
 * Institution (tenancy) is a twelfth, always-present dimension: `institutions`.
 * Every listed dimension must match (AND); an empty or absent dimension matches everything.
 */
export interface AccessPolicy {
  id: string;
  name: string;
  effect: 'allow' | 'deny';
  access: AccessKind[];
  subjects: { users?: string[]; roles?: string[]; clients?: string[]; everyone?: boolean };
  interfaces?: string[];
  validFrom?: string;
  validTo?: string;
  institutions?: string[];
  resourceTypes?: string[];
  sources?: string[];
  patientCategories?: string[];
  patients?: string[];
  /** References such as `ServiceRequest/123` or `ImagingStudy/9`: the exam itself and resources that reference it. */
  exams?: string[];
  dataPeriod?: { from?: string; to?: string };
  active?: boolean;
}

/** `POST /api/admin/policies/preview`: "what can user X see?" */
export interface PolicyPreviewRequest {
  username: string;
  institution?: string;
  resourceType: string;
  /** FHIR search query string without '?'. */
  query?: string;
  /** Evaluated instead of the stored policy of the same id (or in addition); never saved. */
  draft?: AccessPolicy;
}

export interface PolicyPreviewResult {
  username: string;
  institution?: string;
  permissions: string[];
  canSearch: boolean;
  total: number;
  sample: { reference: string; display: string }[];
  policies: { id: string; effect: 'allow' | 'deny'; applies: boolean }[];
}
