/** What the catalogue's items are: 检验 (lab) or 检查 (exam). */
export type ItemKind = 'lab' | 'exam';

export interface RecognitionInstitution {
  organizationId: string;
  code: string;
  name: string;
  shortName?: string;
  level: string;
  contact?: string;
  phone?: string;
  enabled: boolean;
  updatedAt: string;
}

export interface InstitutionInput {
  organization: string;
  code?: string;
  name?: string;
  shortName?: string;
  level: string;
  contact?: string;
  phone?: string;
  enabled?: boolean;
}

export interface RecognitionYear {
  year: number;
  name: string;
  itemCount: number;
  createdAt: string;
}

export interface YearItem {
  code: string;
  kind: ItemKind;
  name: string;
  validityDays: number;
  specimen?: string;
  bodyPart?: string;
  methodConstraint?: string;
  active: boolean;
}

export type YearItemInput = Partial<Omit<YearItem, 'code' | 'kind'>> & { code: string };

export interface Qualification {
  year: number;
  item: string;
  institution: string;
  allowed: boolean;
  from?: string;
  to?: string;
  updatedBy?: string;
  updatedAt: string;
}

export interface QualificationInput {
  item: string;
  institution: string;
  allowed: boolean;
  from?: string;
  to?: string;
}
