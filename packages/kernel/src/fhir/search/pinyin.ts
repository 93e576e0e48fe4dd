import { pinyin } from 'pinyin-pro';
import type { HumanName, Resource } from '@medplum/fhirtypes';
import type { DerivedSearchParameter } from './derived.ts';

const HAN = /\p{Script=Han}/u;

/**
 * The pinyin search keys of a Chinese text: its initials (张三 → `zs`) and its full pinyin without tones
 * or spaces (`zhangsan`), lowercase, ü written `v` as input methods do (吕 → `lv`). Latin letters and
 * digits inside the text are kept (`ABC医院` → `abcyy`, `abcyiyuan`); other characters are dropped.
 * Texts without a Han character have no keys (their ordinary string index already serves them).
 *
 * Characters with several readings get the one pinyin-pro chooses from context (its phrase dictionary),
 * so an uncommon reading can be missed; `personalName` reads the first character as a surname
 * (单 → shan, 曾 → zeng), which is right for names written surname first.
 */
export function pinyinKeys(text: string, personalName = false): string[] {
  if (!HAN.test(text)) return [];
  const options = { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true, surname: personalName ? 'head' : 'off' } as const;
  const clean = (syllables: string[]) => syllables.join('').toLowerCase().replace(/[^a-z0-9]/g, '');
  const initials = clean(pinyin(text, { ...options, pattern: 'first' }));
  const full = clean(pinyin(text, options));
  return [...new Set([initials, full])].filter((key) => key.length > 0);
}

/** The text of a name as written in Chinese: `text` when present, else family and given names without spaces. */
function nameText(name: HumanName): string {
  if (name.text?.trim()) return name.text;
  return `${name.family ?? ''}${(name.given ?? []).join('')}`;
}

function humanNameKeys(resource: Resource): string[] {
  const names = (resource as { name?: HumanName[] }).name ?? [];
  return names.flatMap((name) => pinyinKeys(nameText(name), true));
}

function organizationKeys(resource: Resource): string[] {
  const org = resource as { name?: string; alias?: string[] };
  return [org.name, ...(org.alias ?? [])].filter((s): s is string => typeof s === 'string').flatMap((s) => pinyinKeys(s));
}

const DESCRIPTION =
  'Pinyin of the name for Chinese input: the initials (张三 → zs) and the full pinyin without tones or spaces (zhangsan), ' +
  'lowercase, ü as v; matched by prefix like other string parameters (pinyin=wxm, pinyin=wangx). Computed by the server ' +
  'with pinyin-pro when the resource is stored; characters with several readings use the reading chosen from context.';

function pinyinParameter(base: string, expression: string, derive: (resource: Resource) => string[], source: string): DerivedSearchParameter {
  return {
    definition: {
      resourceType: 'SearchParameter',
      url: `https://medunion.org/fhir/SearchParameter/${base}-pinyin`,
      name: `${base}Pinyin`,
      status: 'active',
      code: 'pinyin',
      base: [base as 'Patient'],
      type: 'string',
      // What the values are derived from; never evaluated (the kernel computes the values, see derived.ts).
      expression,
      description: `${DESCRIPTION} Source: ${source}.`,
    },
    values: (resource) => derive(resource).map((value) => ({ type: 'string', value })),
  };
}

/** `pinyin` on Patient and Practitioner (names) and Organization (name and aliases: institution and department pickers). */
export const PINYIN_PARAMETERS: DerivedSearchParameter[] = [
  pinyinParameter('Patient', 'Patient.name', humanNameKeys, 'name.text, else family + given'),
  pinyinParameter('Practitioner', 'Practitioner.name', humanNameKeys, 'name.text, else family + given'),
  pinyinParameter('Organization', 'Organization.name | Organization.alias', organizationKeys, 'name and alias'),
];
