import type { SpecimenDefinition } from '@medplum/fhirtypes';
import type { CapColour, CatalogueTube, CatalogueTubeInput } from '../contracts/catalogue.ts';
import { CS, sid } from '../urls.ts';
import { CATALOGUE_EXT } from './codes.ts';
import { catalogueMeta, compact, isActive, statusExt, storedFacts, stringOf } from './fhir-common.ts';
import { CAP_COLOURS } from './terminology.ts';

/** Display names of the regional specimen types the demo catalogue uses (the code system is the terminology module's). */
export const SPECIMEN_TYPE_NAMES: Record<string, string> = {
  '01': '全血',
  '02': '血清',
  '03': '血浆',
  '06': '末梢血',
  '07': '尿液',
  '09': '粪便',
  '10': '脑脊液',
  '15': '痰液',
  '16': '咽拭子',
  '17': '鼻咽拭子',
};

/** A tube (标本容器) as a SpecimenDefinition: specimen type collected, and the container with its cap colour and additive. */
export function tubeToFhir(t: CatalogueTubeInput, institution: string, id?: string): SpecimenDefinition {
  const colour = CAP_COLOURS[t.capColour];
  const type = { coding: [{ system: CS.specimenType, code: t.specimenType, ...(SPECIMEN_TYPE_NAMES[t.specimenType] ? { display: SPECIMEN_TYPE_NAMES[t.specimenType] } : {}) }] };
  return {
    resourceType: 'SpecimenDefinition',
    ...(id ? { id } : {}),
    meta: catalogueMeta(institution),
    extension: [statusExt(t.active), { url: CATALOGUE_EXT.tubeName, valueString: t.name }],
    identifier: { system: sid.specimenDefinition(institution), value: t.code },
    typeCollected: type,
    ...(t.collectionNote ? { collection: [{ text: t.collectionNote }] } : {}),
    typeTested: [
      {
        preference: 'preferred',
        type,
        container: {
          description: t.name,
          cap: { coding: [{ system: CS.tube, code: t.capColour, display: colour.zh }], text: colour.zh },
          ...(t.additive ? { additive: [{ additiveCodeableConcept: { text: t.additive } }] } : {}),
          ...(t.volumeMl !== undefined ? { capacity: { value: t.volumeMl, unit: 'mL', system: 'http://unitsofmeasure.org', code: 'mL' } } : {}),
          ...(t.minVolumeMl !== undefined ? { minimumVolumeQuantity: { value: t.minVolumeMl, unit: 'mL', system: 'http://unitsofmeasure.org', code: 'mL' } } : {}),
        },
      },
    ],
  };
}

export function tubeFromFhir(r: SpecimenDefinition): CatalogueTube {
  const container = r.typeTested?.[0]?.container;
  const capColour = (container?.cap?.coding?.find((c) => c.system === CS.tube)?.code ?? 'none') as CapColour;
  const colour = CAP_COLOURS[capColour] ?? CAP_COLOURS.none;
  const name = stringOf(r, CATALOGUE_EXT.tubeName) ?? container?.description ?? r.identifier?.value ?? '';
  return {
    ...storedFacts(r, name),
    active: isActive(r),
    code: r.identifier?.value ?? '',
    name,
    specimenType: r.typeCollected?.coding?.find((c) => c.system === CS.specimenType)?.code ?? '',
    capColour,
    capColourName: colour.zh,
    capColourHex: colour.hex,
    ...compact({
      additive: container?.additive?.[0]?.additiveCodeableConcept?.text,
      volumeMl: container?.capacity?.value,
      minVolumeMl: container?.minimumVolumeQuantity?.value,
      collectionNote: r.collection?.[0]?.text,
    }),
  };
}
