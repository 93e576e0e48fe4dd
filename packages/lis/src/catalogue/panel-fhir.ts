import type { ActivityDefinition } from '@medplum/fhirtypes';
import type { CataloguePanel, CataloguePanelInput } from '../contracts/catalogue.ts';
import { CS, EXT, MEDUNION, UCUM, sid } from '../urls.ts';
import { CATALOGUE_EXT } from './codes.ts';
import { catalogueMeta, compact, extOf, storedFacts, stringExt, stringOf } from './fhir-common.ts';
import { LAB_SECTIONS } from './terminology.ts';

/** Canonical URL of a panel, so orders (`ServiceRequest.instantiatesCanonical`) can name the definition they follow. */
export const panelUrl = (institution: string, code: string): string => `${MEDUNION}/lis/ActivityDefinition/${institution}/${encodeURIComponent(code)}`;

/**
 * A panel (检验组合) as an ActivityDefinition: `observationResultRequirement` lists its tests in report order and
 * `specimenRequirement` its tube, each by reference (resource id) and by business identifier (code), so readers
 * need no id lookups.
 */
export function panelToFhir(p: CataloguePanelInput, institution: string, refs: { tests: Map<string, string>; tubes: Map<string, string> }, id?: string): ActivityDefinition {
  const section = LAB_SECTIONS.find((s) => s.code === p.section);
  const tubeId = refs.tubes.get(p.tube);
  return {
    resourceType: 'ActivityDefinition',
    ...(id ? { id } : {}),
    meta: catalogueMeta(institution),
    extension: [
      { url: EXT.labSection, valueCoding: { system: CS.labSection, code: p.section, ...(section ? { display: section.zh } : {}) } },
      ...(p.price !== undefined ? [{ url: EXT.price, valueMoney: { value: p.price, currency: 'CNY' as const } }] : []),
      ...(p.tatTargetMinutes !== undefined ? [{ url: EXT.tatTarget, valueDuration: { value: p.tatTargetMinutes, unit: 'min', system: UCUM, code: 'min' } }] : []),
      ...stringExt(CATALOGUE_EXT.englishName, p.englishName),
    ],
    url: panelUrl(institution, p.code),
    identifier: [{ system: sid.panel(institution), value: p.code }],
    name: p.code.replace(/[^A-Za-z0-9_]/g, '_'),
    title: p.name,
    status: p.active === false ? 'retired' : 'active',
    ...(p.description ? { description: p.description } : {}),
    kind: 'ServiceRequest',
    code: { coding: [{ system: CS.panels(institution), code: p.code, display: p.name }], text: p.name },
    specimenRequirement: [{ ...(tubeId ? { reference: `SpecimenDefinition/${tubeId}` } : {}), identifier: { system: sid.specimenDefinition(institution), value: p.tube } }],
    observationResultRequirement: p.tests.map((code) => ({
      ...(refs.tests.get(code) ? { reference: `ObservationDefinition/${refs.tests.get(code)}` } : {}),
      identifier: { system: sid.test(institution), value: code },
    })),
  };
}

export function panelFromFhir(r: ActivityDefinition, institution: string): CataloguePanel {
  const code = r.identifier?.find((i) => i.system === sid.panel(institution))?.value ?? '';
  const name = r.title ?? code;
  const tube = r.specimenRequirement?.[0]?.identifier?.value ?? '';
  return {
    ...storedFacts(r, name),
    active: r.status !== 'retired',
    code,
    name,
    section: extOf(r, EXT.labSection)?.valueCoding?.code ?? '',
    tube,
    tests: (r.observationResultRequirement ?? []).map((t) => t.identifier?.value ?? '').filter(Boolean),
    ...compact({
      englishName: stringOf(r, CATALOGUE_EXT.englishName),
      price: extOf(r, EXT.price)?.valueMoney?.value,
      tatTargetMinutes: extOf(r, EXT.tatTarget)?.valueDuration?.value,
      description: r.description,
    }),
  };
}
