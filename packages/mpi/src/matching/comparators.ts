import type { Field, Level } from './config.ts';
import { editDistance } from './edit-distance.ts';
import type { MatchFeatures } from './features.ts';
import { fuzzySyllable } from './normalize.ts';

/** The comparison level of one field for a pair, or undefined when either side lacks the field. */
export type Comparator<F extends Field> = (a: MatchFeatures, b: MatchFeatures) => Level<F> | undefined;

const sameCard =
  <F extends 'idCard' | 'healthCard'>(key: F): Comparator<F> =>
  (a, b) => (a[key] && b[key] ? (a[key] === b[key] ? 'agree' : 'disagree') : undefined) as Level<F> | undefined;

/** 王晓明/王小明 (same sound), 小明王 (given and family names swapped), 王晓名 (one character off in a 3+ character name). */
const compareName: Comparator<'name'> = (a, b) => {
  if (!a.name || !b.name) return undefined;
  if (a.name === b.name) return 'exact';
  const fuzzy = (f: MatchFeatures) => (f.pinyin ?? []).map(fuzzySyllable).join(' ');
  if (a.pinyin?.length && fuzzy(a) === fuzzy(b)) return 'homophone';
  if (isSwapped(a, b) || isSwapped(b, a)) return 'swapped';
  if (Math.max([...a.name].length, [...b.name].length) >= 3 && editDistance(a.name, b.name) <= 1) return 'typo';
  return 'different';
};

/** `b` reads `a`'s given name(s) before its family name. */
function isSwapped(a: MatchFeatures, b: MatchFeatures): boolean {
  if (!a.nameParts || a.nameParts.length < 2) return false;
  const [family, ...given] = a.nameParts;
  return b.name === [...given, family].join('');
}

/** Exact; day and month swapped (03-04 ↔ 04-03); one digit wrong or two adjacent digits swapped (1985 ↔ 1958). */
const compareBirthDate: Comparator<'birthDate'> = (a, b) => {
  if (!a.birthDate || !b.birthDate) return undefined;
  if (a.birthDate === b.birthDate) return 'exact';
  const [ya, ma, da] = a.birthDate.split('-');
  const [yb, mb, db] = b.birthDate.split('-');
  if (ya === yb && ma === db && da === mb) return 'transposed';
  if (editDistance(a.birthDate.replaceAll('-', ''), b.birthDate.replaceAll('-', '')) === 1) return 'oneDigit';
  return 'different';
};

const compareGender: Comparator<'gender'> = (a, b) => (a.gender && b.gender ? (a.gender === b.gender ? 'agree' : 'disagree') : undefined);

const comparePhone: Comparator<'phone'> = (a, b) => {
  if (!a.phones.length || !b.phones.length) return undefined;
  return a.phones.some((p) => b.phones.includes(p)) ? 'agree' : 'disagree';
};

/** Overlap of township-and-below address parts, relative to the shorter address. */
const compareAddress: Comparator<'address'> = (a, b) => {
  if (!a.address.length || !b.address.length) return undefined;
  const shared = a.address.filter((t) => b.address.includes(t)).length;
  const overlap = shared / Math.min(a.address.length, b.address.length);
  return overlap >= 0.99 ? 'high' : overlap >= 0.5 ? 'medium' : 'low';
};

export const COMPARATORS: { [F in Field]: Comparator<F> } = {
  idCard: sameCard('idCard'),
  healthCard: sameCard('healthCard'),
  name: compareName,
  birthDate: compareBirthDate,
  gender: compareGender,
  phone: comparePhone,
  address: compareAddress,
};
