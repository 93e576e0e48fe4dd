import type { Extension, Identifier, Observation, Reference } from '@medplum/fhirtypes';
import { CS, sid } from '../urls.ts';

/** The id of a literal reference `Type/id` (undefined for anything else). */
export const idOf = (ref: Reference | string | undefined): string | undefined => {
  const text = typeof ref === 'string' ? ref : ref?.reference;
  const m = text ? /^[A-Za-z]+\/([A-Za-z0-9\-.]{1,64})$/.exec(text) : null;
  return m?.[1];
};

/** A literal reference; typed `Reference<never>` so it fits any element whatever target types the element allows. */
export const ref = (type: string, id: string, display?: string): Reference<never> => ({ reference: `${type}/${id}`, ...(display ? { display } : {}) });

export const identifierValue = (identifiers: Identifier[] | undefined, system: string): string | undefined => identifiers?.find((i) => i.system === system)?.value;

export const extensionsOf = (holder: { extension?: Extension[] } | undefined, url: string): Extension[] => (holder?.extension ?? []).filter((e) => e.url === url);
export const extensionOf = (holder: { extension?: Extension[] } | undefined, url: string): Extension | undefined => holder?.extension?.find((e) => e.url === url);

/** Replaces (or removes, with no new ones) every extension of `url`, keeping the others in place. */
export function withExtensions<T extends { extension?: Extension[] }>(holder: T, url: string, replacement: Extension[]): T {
  const kept = (holder.extension ?? []).filter((e) => e.url !== url);
  const extension = [...kept, ...replacement];
  const copy = { ...holder };
  if (extension.length) copy.extension = extension;
  else delete copy.extension;
  return copy;
}

/** A sub-extension value of a complex extension, by its short url. */
export const subValue = (ext: Extension | undefined, url: string): Extension | undefined => ext?.extension?.find((e) => e.url === url);

/** Observation identifier value of a result: `<barcode>/<test code>` (urls.ts `sid.result`). */
export const resultKey = (barcode: string, test: string): string => `${barcode}/${test}`;

/** The LIS test code of a result (its coding in the institution's test code system). */
export const testCodeOf = (o: Observation, institution: string): string | undefined => o.code?.coding?.find((c) => c.system === CS.tests(institution))?.code;

/** Whether the Observation is a result the LIS wrote (not another module's, e.g. an uploaded 互认 result). */
export const isLisResult = (o: Observation, institution: string): boolean => !!identifierValue(o.identifier, sid.result(institution));

/** The display text of a result value as stored: quantity (with comparator) or text. */
export function valueText(o: Observation): string {
  if (o.valueQuantity?.value !== undefined) return `${o.valueQuantity.comparator ?? ''}${o.valueQuantity.value}`;
  return o.valueString ?? '';
}
