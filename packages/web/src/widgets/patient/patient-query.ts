import { ID_CARD_SYSTEM, isValidIdCard } from './id-card.ts';

/** What the user typed into the patient search box, as the search understands it. */
export type PatientInputKind = 'empty' | 'idCard' | 'invalidIdCard' | 'phone' | 'pinyin' | 'name' | 'number';

export interface PatientInput {
  kind: PatientInputKind;
  /** The normalised text (spaces removed from numbers, ID card check letter upper-case, pinyin lower-case). */
  text: string;
  /** FHIR Patient searches to run (in parallel; results are merged without duplicates). */
  searches: Record<string, string>[];
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/**
 * One box for every way staff look a patient up: an 18-character resident ID card (check character verified) →
 * identifier search in the ID card system; an 11-digit mobile number → phone; latin letters → pinyin (initials or
 * full, `zsf` → 张三丰); Chinese characters → name; other numbers and codes → any identifier (medical record numbers
 * of every institution) or the resource id.
 */
export function classifyPatientInput(raw: string, count = 20): PatientInput {
  const trimmed = raw.trim();
  const compact = trimmed.replace(/\s+/g, '');
  const page = { _count: String(count) };
  if (!compact) return { kind: 'empty', text: '', searches: [] };
  if (/^\d{17}[\dXx]$/.test(compact)) {
    const text = compact.toUpperCase();
    // A wrong check character is most often a typo: say so, but still look for it as some other identifier.
    if (isValidIdCard(text)) return { kind: 'idCard', text, searches: [{ identifier: `${ID_CARD_SYSTEM}|${text}`, ...page }] };
    return { kind: 'invalidIdCard', text, searches: [{ identifier: text, ...page }] };
  }
  if (/^1[3-9]\d{9}$/.test(compact)) return { kind: 'phone', text: compact, searches: [{ phone: compact, ...page }] };
  if (/^[a-z]+$/i.test(compact)) return { kind: 'pinyin', text: compact.toLowerCase(), searches: [{ pinyin: compact.toLowerCase(), ...page }] };
  if (CJK.test(trimmed)) return { kind: 'name', text: trimmed, searches: [{ name: trimmed, ...page }] };
  const searches: Record<string, string>[] = [{ identifier: compact, ...page }];
  if (FHIR_ID.test(compact)) searches.push({ _id: compact, ...page });
  return { kind: 'number', text: compact, searches };
}
