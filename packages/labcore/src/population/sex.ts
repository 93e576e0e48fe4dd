import { bilingual, type Bilingual } from '../text.ts';

export type Sex = 'male' | 'female';

/**
 * Sex from the codes laboratory systems send: GB/T 2261.1 (1 男, 2 女; 0 未知 and 9 未说明 give undefined),
 * HL7 (M, F), Chinese and English words. Anything else is unknown, never guessed.
 */
export function parseSex(code: string | number | null | undefined): Sex | undefined {
  const text = String(code ?? '').trim().toLowerCase();
  if (['1', 'm', 'male', '男', '男性'].includes(text)) return 'male';
  if (['2', 'f', 'female', '女', '女性'].includes(text)) return 'female';
  return undefined;
}

export const SEX_NAMES: Readonly<Record<Sex, Bilingual>> = {
  male: bilingual('男性', 'male'),
  female: bilingual('女性', 'female'),
};
