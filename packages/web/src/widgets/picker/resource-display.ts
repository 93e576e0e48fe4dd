import type { HumanName, Resource } from '@medplum/fhirtypes';

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/** The name to show of several: the official one, else the usual one, else the first. */
export function preferredName(names: readonly HumanName[] | undefined): HumanName | undefined {
  return names?.find((n) => n.use === 'official') ?? names?.find((n) => n.use === 'usual') ?? names?.[0];
}

/**
 * A name as people write it: `text` first (Chinese names are stored whole there), else family and given names —
 * joined without a space, family first, for Chinese names (张三丰), given names first for Latin ones.
 */
export function humanNameText(name: HumanName | undefined): string {
  if (!name) return '';
  if (name.text?.trim()) return name.text.trim();
  const family = name.family?.trim() ?? '';
  const given = (name.given ?? []).map((g) => g.trim()).filter(Boolean);
  if (CJK.test(family) || given.some((g) => CJK.test(g))) return `${family}${given.join('')}`;
  return [...given, family].filter(Boolean).join(' ');
}

/** A short human label of any resource, for pickers and reference displays; falls back to Type/id. */
export function resourceDisplay(resource: Resource): string {
  const r = resource as Resource & { name?: unknown; deviceName?: { name?: string }[]; title?: string; code?: { text?: string; coding?: { display?: string }[] } };
  let text = '';
  if (Array.isArray(r.name) && r.name.length && typeof r.name[0] === 'object') text = humanNameText(preferredName(r.name as HumanName[]));
  else if (typeof r.name === 'string') text = r.name;
  else if (r.deviceName?.length) text = r.deviceName[0].name ?? '';
  else if (typeof r.title === 'string') text = r.title;
  else if (r.code) text = r.code.text ?? r.code.coding?.[0]?.display ?? '';
  return text || `${resource.resourceType}/${resource.id ?? ''}`;
}

/** Types whose `pinyin` search parameter the kernel derives from their names (initials or full pinyin, by prefix). */
export const PINYIN_SEARCHABLE = new Set(['Patient', 'Practitioner', 'Organization']);

/** Search parameter each type is found by when the user types text (FHIR `name` where the type has one). */
const TEXT_PARAM: Record<string, string> = { Device: 'device-name', PractitionerRole: 'practitioner.name', CodeSystem: 'title', ValueSet: 'title' };

/**
 * FHIR search parameters for finding a referenced resource by what the user typed: latin letters on a type the
 * kernel indexes by pinyin search `pinyin` (`zsf` → 张三丰), anything else the type's name parameter. Fixed
 * parameters of the caller (e.g. `partof`) always apply.
 */
export function referenceSearchParams(type: string, typed: string, fixed: Record<string, string> = {}, count = 20): Record<string, string> {
  const text = typed.trim();
  const params: Record<string, string> = { ...fixed, _count: String(count) };
  if (!text) return params;
  if (/^[a-z]+$/i.test(text) && PINYIN_SEARCHABLE.has(type)) params.pinyin = text.toLowerCase();
  else params[TEXT_PARAM[type] ?? 'name'] = text;
  return params;
}
