/** One element of a resource or data type, as `GET /api/meta/elements/:type` describes it for generated forms. */
export interface MetaElement {
  path: string;
  name: string;
  min: number;
  max: string;
  types: { code: string; targetProfiles?: string[] }[];
  short?: string;
  definition?: string;
  binding?: { strength: string; valueSet?: string; codes?: { system: string; code: string; display?: string }[] };
}

/** `GET /api/meta/elements/:type`. */
export interface MetaType {
  type: string;
  kind: 'resource' | 'complex-type';
  elements: MetaElement[];
}
