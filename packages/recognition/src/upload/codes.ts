import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { FhirError, type ModuleContext } from '@medunion/kernel';
import { CATALOGUE, type CatalogueItem } from '../catalogue/index.ts';

/** What this module asks of the terminology module (its declared service `translateLocalCodes`). */
interface TerminologyTranslation {
  translateLocalCodes(institution: string, kind: string, codes: string[], standard?: string): Promise<{ dictionary: string; codes: Record<string, { code: string } | null> }>;
  validateCode(system: string, code: string): Promise<{ valid: boolean; display?: string }>;
}

export const terminologyOf = (ctx: ModuleContext): TerminologyTranslation => ctx.service<TerminologyTranslation>('terminology');

export interface LocalCode {
  field: string;
  code: string;
  name: string;
}

export interface Translated {
  /** The institution's dictionary the local codes belong to (kept as a second coding). */
  dictionary: string;
  items: Map<string, CatalogueItem>;
}

/**
 * Translates an upload's local item codes into the regional catalogue through the institution's ConceptMap.
 * Any code without a mapping (or mapped to something outside the catalogue) fails the whole upload with 422,
 * listing every such code with its field — nothing is stored; the hospital maps them in the terminology
 * workbench (字典映射) and sends the upload again.
 */
export async function translateItems(ctx: ModuleContext, institution: string, kind: string, catalogue: string, locals: LocalCode[]): Promise<Translated> {
  const distinct = [...new Set(locals.map((l) => l.code))];
  const { dictionary, codes } = await terminologyOf(ctx).translateLocalCodes(institution, kind, distinct, catalogue);
  const items = new Map<string, CatalogueItem>();
  const issues: OperationOutcomeIssue[] = [];
  for (const local of locals) {
    const target = codes[local.code];
    const item = target ? CATALOGUE.get(target.code) : undefined;
    if (item && item.system === catalogue) items.set(local.code, item);
    else {
      issues.push({
        severity: 'error',
        code: 'code-invalid',
        details: { text: `院内代码 ${local.code}（${local.name}）未对照到区域互认项目目录 / Local code ${local.code} (${local.name}) is not mapped to the regional recognition catalogue` },
        expression: [local.field],
      });
    }
  }
  if (issues.length) throw new FhirError(422, issues);
  return { dictionary, items };
}
