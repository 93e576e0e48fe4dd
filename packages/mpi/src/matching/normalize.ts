import { pinyin } from 'pinyin-pro';
import type { Address, HumanName } from '@medplum/fhirtypes';

const HAN = /\p{Script=Han}/u;

/** A name as written in Chinese: `text`, else family + given (Latin names keep single spaces between parts). */
export function nameText(name: HumanName): string {
  if (name.text?.trim()) return name.text;
  const parts = [name.family ?? '', ...(name.given ?? [])].filter(Boolean);
  return parts.join(parts.some((p) => HAN.test(p)) ? '' : ' ');
}

/** Full-width to half-width, no spaces or middle dots (少数民族 names: 阿依古丽·买买提), Latin in lower case. */
export function normalizeName(text: string): string {
  return text.normalize('NFKC').replace(/[\s·•・.]/g, '').toLowerCase();
}

/** Toneless pinyin syllables of a personal name (surname readings for the first character: 单 → shan), ü as v. */
export function nameSyllables(text: string): string[] {
  if (!HAN.test(text)) return text ? [text] : [];
  return pinyin(text, { toneType: 'none', type: 'array', surname: 'head', v: true, nonZh: 'consecutive' }).map((s) => s.toLowerCase().replace(/[^a-z0-9]/g, '')).filter(Boolean);
}

/**
 * "Fuzzy pinyin" as input methods offer it for southern accents, so that near-homophones typed by ear match:
 * zh/z, ch/c, sh/s, n/l as initials, -ng/-n as finals (周/邹, 陈/岑, 林/宁, 程/陈).
 */
export function fuzzySyllable(syllable: string): string {
  return syllable.replace(/^([zcs])h/, '$1').replace(/^n/, 'l').replace(/ng$/, 'n');
}

const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 十二 → 12, 一百零三 → 103, 二十 → 20 (up to 999: house, group and building numbers). */
function chineseNumber(text: string): string {
  let total = 0;
  let current = 0;
  for (const ch of text) {
    if (ch === '百') [total, current] = [total + (current || 1) * 100, 0];
    else if (ch === '十') [total, current] = [total + (current || 1) * 10, 0];
    else current = CN_DIGITS[ch] ?? 0;
  }
  return String(total + current);
}

// Address parts end in these (longest first, so 街道 beats 街 and 自治区 beats 区).
const SUFFIXES = ['自治区', '自治州', '自治县', '街道', '社区', '单元', '省', '市', '州', '盟', '县', '旗', '区', '镇', '乡', '村', '路', '街', '巷', '弄', '号', '组', '栋', '幢', '室', '楼', '队'];
// 区 is a district, but 小区 (a residential compound) is as fine-grained as a house number.
const COARSE = /(?:省|市|自治区|自治州|州|盟|县|自治县|旗|(?<!小)区)$/;
const PART = new RegExp(`.+?(?:${SUFFIXES.join('|')})`, 'gu');

/**
 * The fine-grained parts of an address (township and below): province, city and county parts are dropped
 * because in a county alliance almost everyone shares them. Full-width digits, Chinese numerals and
 * punctuation are normalised (十二号 = 12号).
 */
export function addressTokens(address: Address): string[] {
  const raw = address.text?.trim() ? address.text : [address.state, address.city, address.district, ...(address.line ?? [])].filter(Boolean).join('');
  const text = raw
    .normalize('NFKC')
    .replace(/[\s,，.。、;；:：()（）#-]/g, '')
    .replace(/[零〇一二两三四五六七八九十百]+(?=[号组栋幢室楼队单弄])/g, chineseNumber);
  const parts = text.match(PART) ?? [];
  const rest = text.slice(parts.join('').length);
  return [...parts, ...(rest ? [rest] : [])].filter((p) => !COARSE.test(p));
}
