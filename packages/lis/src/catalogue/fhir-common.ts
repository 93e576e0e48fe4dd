import type { Extension, Meta, Quantity, Resource } from '@medplum/fhirtypes';
import { INSTITUTION_EXTENSION, pinyinKeys } from '@medunion/kernel';
import { UCUM } from '../urls.ts';
import { CATALOGUE_EXT, CATALOGUE_TAG } from './codes.ts';

/** Meta of a catalogue resource: its institution (kernel tenancy) and the tag that makes one lab's catalogue searchable. */
export function catalogueMeta(institution: string): Meta {
  return {
    tag: [{ system: CATALOGUE_TAG, code: institution }],
    extension: [{ url: INSTITUTION_EXTENSION, valueReference: { reference: `Organization/${institution}` } }],
  };
}

/** UCUM codes of the units a county laboratory reports in (the printed unit stays as the laboratory writes it). */
const UCUM_CODES: Record<string, string> = {
  'g/L': 'g/L',
  'mg/L': 'mg/L',
  'mmol/L': 'mmol/L',
  'µmol/L': 'umol/L',
  'μmol/L': 'umol/L',
  'umol/L': 'umol/L',
  'nmol/L': 'nmol/L',
  'pmol/L': 'pmol/L',
  'U/L': 'U/L',
  'IU/L': '[IU]/L',
  'mIU/L': 'm[IU]/L',
  'μIU/mL': 'u[IU]/mL',
  'ng/mL': 'ng/mL',
  '%': '%',
  fL: 'fL',
  pg: 'pg',
  s: 's',
  '×10^9/L': '10*9/L',
  '×10^12/L': '10*12/L',
  '/μL': '/uL',
  '/HP': '/[HPF]',
  'mL/min/1.73m²': 'mL/min/{1.73_m2}',
};

export const ucumCode = (unit: string | undefined): string | undefined => (unit ? UCUM_CODES[unit] : undefined);

/** A Quantity of `value` in the laboratory's unit (UCUM-coded when the unit is a known one). */
export function quantity(value: number, unit?: string): Quantity {
  const code = ucumCode(unit);
  return { value, ...(unit ? { unit } : {}), ...(code ? { system: UCUM, code } : {}) };
}

export const stringExt = (url: string, value: string | undefined): Extension[] => (value ? [{ url, valueString: value }] : []);
export const statusExt = (active: boolean | undefined): Extension => ({ url: CATALOGUE_EXT.status, valueCode: active === false ? 'retired' : 'active' });

export const extOf = (r: { extension?: Extension[] }, url: string): Extension | undefined => r.extension?.find((e) => e.url === url);
export const extsOf = (r: { extension?: Extension[] }, url: string): Extension[] => r.extension?.filter((e) => e.url === url) ?? [];
export const stringOf = (r: { extension?: Extension[] }, url: string): string | undefined => extOf(r, url)?.valueString;
export const isActive = (r: { extension?: Extension[] }): boolean => extOf(r, CATALOGUE_EXT.status)?.valueCode !== 'retired';

/** Server-managed facts of a stored catalogue resource plus the pinyin keys of its name. */
export function storedFacts(resource: Resource, name: string): { id: string; versionId: string; lastUpdated: string; pinyin: string[] } {
  return { id: resource.id!, versionId: resource.meta?.versionId ?? '1', lastUpdated: resource.meta?.lastUpdated ?? '', pinyin: pinyinKeys(name) };
}

/** Drops undefined members so readbacks compare equal to inputs. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))) as T;
}
