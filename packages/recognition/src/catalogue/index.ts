import { EXAM_CATALOGUE, LAB_CATALOGUE } from '../urls.ts';
import { flattenCatalogue } from './build.ts';
import { EXAM_ITEMS } from './exam-items.ts';
import { LAB_ITEMS } from './lab-items.ts';
import type { ItemKind } from '../contracts/admin.ts';

export { labCatalogue } from './lab-items.ts';
export { examCatalogue } from './exam-items.ts';

export type { ItemKind } from '../contracts/admin.ts';

export interface CatalogueItem {
  code: string;
  kind: ItemKind;
  system: string;
  name: string;
  parent?: string;
  validityDays?: number;
  specimen?: string;
  unit?: string;
  modality?: string;
  bodyPart?: string;
}

/** Items of the shipped catalogues by code (lab and exam codes do not collide). */
export const CATALOGUE: ReadonlyMap<string, CatalogueItem> = new Map(
  [
    ...flattenCatalogue(LAB_ITEMS).map((e) => ({ e, kind: 'lab' as const, system: LAB_CATALOGUE })),
    ...flattenCatalogue(EXAM_ITEMS).map((e) => ({ e, kind: 'exam' as const, system: EXAM_CATALOGUE })),
  ].map(({ e, kind, system }) => [
    e.code,
    {
      code: e.code,
      kind,
      system,
      name: e.zh,
      ...(e.parent ? { parent: e.parent } : {}),
      ...Object.fromEntries(Object.entries(e.properties).map(([k, v]) => [k, v])),
    } as CatalogueItem,
  ]),
);
