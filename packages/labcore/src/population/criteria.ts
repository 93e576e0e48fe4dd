import { bilingual, joinBilingual, type Bilingual } from '../text.ts';
import { ageIn, boundDays, formatAge, formatAgeBound, type Age, type AgeBound } from './age.ts';
import { SEX_NAMES, type Sex } from './sex.ts';

/**
 * Who a reference range or critical limit applies to. Every criterion left out applies to everyone. The age band
 * includes `ageFrom` and excludes `ageTo`, so adjacent bands ([0, 28 days), [28 days, 1 year)…) neither overlap nor
 * leave gaps; write "0–28 天" inclusive as ageTo 29 days.
 */
export interface PopulationCriteria {
  sex?: Sex;
  ageFrom?: AgeBound;
  ageTo?: AgeBound;
  /** Specimen type as the laboratory names it (血清, 血浆, 全血, 尿…); compared ignoring case and surrounding spaces. */
  specimen?: string;
}

/** The patient and specimen a result belongs to. Unknown facts are left out. */
export interface Subject {
  sex?: Sex;
  age?: Age;
  specimen?: string;
}

export interface CriteriaMatch {
  matches: boolean;
  /** Why it does not apply, one reason per failing criterion. */
  misses: Bilingual[];
  /** The criteria it was chosen by (for the reason of the one that wins). */
  matchedOn: Bilingual[];
  /** Weight of the criteria it states: specimen 4, age band 2, sex 1. */
  specificity: number;
  /** Width of its age band in days (Infinity when open): among equally specific entries the narrower wins. */
  ageSpan: number;
}

const normalizeSpecimen = (s: string): string => s.trim().toLowerCase();

function ageBand(c: PopulationCriteria): Bilingual {
  const from = c.ageFrom ? formatAgeBound(c.ageFrom) : undefined;
  const to = c.ageTo ? formatAgeBound(c.ageTo) : undefined;
  if (from && to) return bilingual(`${from['zh-CN']}至<${to['zh-CN']}`, `${from.en} to <${to.en}`);
  if (from) return bilingual(`≥${from['zh-CN']}`, `≥${from.en}`);
  return bilingual(`<${to!['zh-CN']}`, `<${to!.en}`);
}

export function matchCriteria(c: PopulationCriteria, subject: Subject): CriteriaMatch {
  const misses: Bilingual[] = [];
  const matchedOn: Bilingual[] = [];
  if (c.sex) {
    if (!subject.sex) misses.push(bilingual(`限${SEX_NAMES[c.sex]['zh-CN']}，患者性别未知`, `for ${SEX_NAMES[c.sex].en} patients; the patient's sex is unknown`));
    else if (subject.sex !== c.sex) misses.push(bilingual(`限${SEX_NAMES[c.sex]['zh-CN']}，患者为${SEX_NAMES[subject.sex]['zh-CN']}`, `for ${SEX_NAMES[c.sex].en} patients; the patient is ${SEX_NAMES[subject.sex].en}`));
    else matchedOn.push(SEX_NAMES[c.sex]);
  }
  if (c.ageFrom || c.ageTo) {
    const band = ageBand(c);
    if (!subject.age) misses.push(bilingual(`限年龄 ${band['zh-CN']}，患者年龄未知`, `for ages ${band.en}; the patient's age is unknown`));
    else {
      const tooYoung = c.ageFrom && ageIn(subject.age, c.ageFrom.unit) < c.ageFrom.value;
      const tooOld = c.ageTo && ageIn(subject.age, c.ageTo.unit) >= c.ageTo.value;
      const age = formatAge(subject.age);
      if (tooYoung || tooOld) misses.push(bilingual(`限年龄 ${band['zh-CN']}，患者 ${age['zh-CN']}`, `for ages ${band.en}; the patient is ${age.en}`));
      else matchedOn.push(bilingual(`年龄 ${band['zh-CN']}`, `age ${band.en}`));
    }
  }
  if (c.specimen) {
    if (!subject.specimen) misses.push(bilingual(`限${c.specimen}标本，标本类型未知`, `for ${c.specimen} specimens; the specimen type is unknown`));
    else if (normalizeSpecimen(subject.specimen) !== normalizeSpecimen(c.specimen)) misses.push(bilingual(`限${c.specimen}标本，标本为${subject.specimen}`, `for ${c.specimen} specimens; the specimen is ${subject.specimen}`));
    else matchedOn.push(bilingual(`${c.specimen}标本`, `${c.specimen} specimen`));
  }
  // A specimen restriction outweighs an age band, which outweighs sex: a urine range beats an adult-male serum-or-any
  // range for urine, and a paediatric range beats a sex-only (adult) one for a child.
  const specificity = (c.specimen ? 4 : 0) + (c.ageFrom || c.ageTo ? 2 : 0) + (c.sex ? 1 : 0);
  const ageSpan = c.ageFrom || c.ageTo ? (c.ageTo ? boundDays(c.ageTo) : Infinity) - (c.ageFrom ? boundDays(c.ageFrom) : 0) : Infinity;
  return { matches: !misses.length, misses, matchedOn, specificity, ageSpan };
}

export interface Selection<T> {
  chosen?: T;
  index?: number;
  reason: Bilingual;
}

/**
 * The entry that applies to the subject: of those whose every criterion matches, the most specific wins (specimen
 * outweighs age band, age band outweighs sex), then the narrowest age band, then the first listed. When none
 * applies, the reason says why each did not.
 */
export function selectMostSpecific<T extends PopulationCriteria>(entries: readonly T[], subject: Subject, noun: Bilingual): Selection<T> {
  if (!entries.length) return { reason: bilingual(`未设置${noun['zh-CN']}`, `no ${noun.en} is set`) };
  const matches = entries.map((e) => matchCriteria(e, subject));
  let best = -1;
  for (let i = 0; i < entries.length; i++) {
    if (!matches[i].matches) continue;
    if (best < 0 || matches[i].specificity > matches[best].specificity || (matches[i].specificity === matches[best].specificity && matches[i].ageSpan < matches[best].ageSpan)) best = i;
  }
  if (best < 0) {
    const why = joinBilingual(matches.map((m, i) => bilingual(`第 ${i + 1} 条${m.misses.map((x) => x['zh-CN']).join('，')}`, `#${i + 1} is ${m.misses.map((x) => x.en).join(', ')}`)));
    return { reason: bilingual(`没有适用的${noun['zh-CN']}：${why['zh-CN']}`, `No ${noun.en} applies: ${why.en}`) };
  }
  const on = matches[best].matchedOn;
  const basis = on.length ? joinBilingual(on, { zh: '、', en: ', ' }) : bilingual('通用', 'general');
  return {
    chosen: entries[best],
    index: best,
    reason: bilingual(`采用第 ${best + 1} 条${noun['zh-CN']}（${basis['zh-CN']}）`, `Using ${noun.en} #${best + 1} (${basis.en})`),
  };
}
