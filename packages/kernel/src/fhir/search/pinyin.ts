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
  const initials = cleanSyllables(pinyin(text, { ...pinyinOptions(personalName), pattern: 'first' }));
  const full = fullPinyin(text, personalName);
  return [...new Set([initials, full])].filter((key) => key.length > 0);
}

const pinyinOptions = (personalName: boolean) => ({ toneType: 'none', type: 'array', nonZh: 'consecutive', v: true, surname: personalName ? 'head' : 'off' }) as const;
const cleanSyllables = (syllables: string[]) => syllables.join('').toLowerCase().replace(/[^a-z0-9]/g, '');

/** The full pinyin of a text without tones or spaces (张三 → `zhangsan`), as in `pinyinKeys`. */
export function fullPinyin(text: string, personalName = false): string {
  return cleanSyllables(pinyin(text, pinyinOptions(personalName)));
}

/** Whether a text contains a Han character (it then has pinyin keys). */
export function hasHan(text: string): boolean {
  return HAN.test(text);
}

/** The text of a name as written in Chinese: `text` when present, else family and given names without spaces. */
function nameText(name: HumanName): string {
  if (name.text?.trim()) return name.text;
  return `${name.family ?? ''}${(name.given ?? []).join('')}`;
}

function humanNameKeys(resource: Resource): string[] {
  return namesOf(resource).flatMap((name) => pinyinKeys(nameText(name), true));
}

const namesOf = (resource: Resource): HumanName[] => (resource as { name?: HumanName[] }).name ?? [];

/**
 * Phonetic keys of person names: a Chinese name sounds like its full pinyin, so homophones share a key
 * (张三 and 章三 are both `zhangsan`); other names are kept as written (normalised like any string).
 */
function phoneticKeys(resource: Resource): string[] {
  return namesOf(resource)
    .map(nameText)
    .filter((text) => text.trim())
    .map((text) => (hasHan(text) ? fullPinyin(text, true) : text));
}

/** A phonetic search value as the index holds it: Chinese text becomes its full pinyin (`phonetic=章三` finds 张三). */
const phoneticQueryValue = (value: string): string => (hasHan(value) ? fullPinyin(value, true) : value);

/**
 * Pinyin keys prefixed with the birth year (`2007:wxm`, `2007:wangxiaoming`): one index value that narrows a
 * pinyin-and-birth-date search (the commonest initials are shared by thousands at a million persons; with the year
 * a few dozen). The search adds it on its own when both are given (see accelerators.ts).
 */
function pinyinBirthYearKeys(resource: Resource): string[] {
  const year = /^(\d{4})/.exec((resource as { birthDate?: string }).birthDate ?? '')?.[1];
  return year ? humanNameKeys(resource).map((key) => `${year}:${key}`) : [];
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

function phoneticParameter(base: 'Patient' | 'Practitioner'): DerivedSearchParameter {
  return {
    definition: {
      resourceType: 'SearchParameter',
      url: `https://medunion.org/fhir/SearchParameter/${base}-phonetic`,
      name: `${base}Phonetic`,
      status: 'active',
      code: 'phonetic',
      base: [base],
      type: 'string',
      expression: `${base}.name`,
      description:
        'Name by sound. A Chinese name is indexed as its full pinyin without tones, and a Chinese search value is turned ' +
        'into pinyin first, so homophones match (phonetic=章三 finds 张三; phonetic=zhangs too); other names match as written. ' +
        'Replaces the base R4 parameter of the same code, which has no phonetic algorithm for Chinese.',
    },
    values: (resource) => phoneticKeys(resource).map((value) => ({ type: 'string', value })),
    queryValue: phoneticQueryValue,
  };
}

export const PHONETIC_PARAMETERS: DerivedSearchParameter[] = [phoneticParameter('Patient'), phoneticParameter('Practitioner')];

export const PINYIN_BIRTH_YEAR_PARAMETER: DerivedSearchParameter = {
  definition: {
    resourceType: 'SearchParameter',
    url: 'https://medunion.org/fhir/SearchParameter/Patient-pinyin-birthyear',
    name: 'PatientPinyinBirthYear',
    status: 'active',
    code: 'pinyin-birthyear',
    base: ['Patient'],
    type: 'string',
    expression: 'Patient.name | Patient.birthDate',
    description:
      'Birth year and pinyin key together (2007:wxm, 2007:wangxiaoming), matched by prefix. A search giving pinyin and a ' +
      'birthdate of a year, month or day uses it by itself to find candidates quickly; clients may also use it directly.',
  },
  values: (resource) => pinyinBirthYearKeys(resource).map((value) => ({ type: 'string', value })),
};
