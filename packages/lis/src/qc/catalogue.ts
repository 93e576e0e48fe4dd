import type { ModuleContext } from '@medunion/kernel';
import { loadCatalogue } from '../catalogue/lookup.ts';
import type { PanelDefinition, TestDefinition } from '../ports.ts';
import { fieldError } from '../http/errors.ts';

export type Catalogue = Awaited<ReturnType<typeof loadCatalogue>>;

/** The laboratory's catalogue (cached by the catalogue area). */
export const catalogueOf = (ctx: ModuleContext, institution: string): Promise<Catalogue> => loadCatalogue(ctx, institution);

/** A test of the catalogue, or a 422 naming `field` when the laboratory has no such test. */
export async function requireTest(ctx: ModuleContext, institution: string, code: string, field: string): Promise<TestDefinition> {
  const test = (await catalogueOf(ctx, institution)).tests.get(code);
  if (!test) throw fieldError(422, field, `检验项目 ${code} 不在本实验室的项目目录中`, `Test ${code} is not in the laboratory's catalogue`, 'code-invalid');
  return test;
}

export const testName = (catalogue: Catalogue, code: string): string => catalogue.tests.get(code)?.name ?? code;
export const panelOf = (catalogue: Catalogue, code: string | null | undefined): PanelDefinition | undefined => (code ? catalogue.panels.get(code) : undefined);
