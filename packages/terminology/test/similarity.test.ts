import { describe, expect, it } from 'vitest';
import { dice, nameSimilarity, scoreCandidate, WEIGHTS } from '../src/mapping/similarity.ts';

const concept = (code: string, display: string, pinyinFull: string) => ({ code, display, pinyinFull });

describe('suggestion scores', () => {
  it('gives an identical concept the full score, explained rule by rule', () => {
    const { score, reasons } = scoreCandidate(concept('CBC', '血常规', 'xuechanggui'), concept('cbc', '血常规', 'xuechanggui'));
    expect(score).toBe(1);
    expect(reasons.map((r) => [r.rule, r.similarity, r.weight, r.contribution])).toEqual([
      ['code', 1, WEIGHTS.code, 0.3],
      ['name', 1, WEIGHTS.name, 0.5],
      ['pinyin', 1, WEIGHTS.pinyin, 0.2],
    ]);
  });

  it('ranks a near name above an equal code with an unrelated name', () => {
    const local = concept('X01', '血常规检查', 'xuechangguijiancha');
    const nearName = scoreCandidate(local, concept('CBC', '血常规', 'xuechanggui')).score;
    const sameCodeOnly = scoreCandidate(local, concept('X01', '乙肝五项', 'yiganwuxiang')).score;
    expect(nearName).toBeGreaterThan(sameCodeOnly);
  });

  it('credits a homophone spelling through pinyin (肌苷 for 肌酐)', () => {
    const { reasons } = scoreCandidate(concept('a', '肌苷', 'jigan'), concept('b', '肌酐', 'jigan'));
    expect(reasons.find((r) => r.rule === 'pinyin')!.similarity).toBe(1);
    expect(reasons.find((r) => r.rule === 'name')!.similarity).toBe(0.25); // one character of two, no pair in common
  });

  it('ignores punctuation, spaces and width when comparing names', () => {
    expect(scoreCandidate(concept('1', 'C-反应蛋白（CRP）', ''), concept('2', 'C反应蛋白CRP', '')).reasons[1].similarity).toBe(1);
  });

  it('computes Dice over characters and character pairs', () => {
    expect(dice('abc', 'abd', 2)).toBe(0.5);
    expect(dice('', '', 1)).toBe(0);
    expect(nameSimilarity('血常规', '血常规检查')).toBeCloseTo((0.75 + 2 / 3) / 2, 5);
    expect(nameSimilarity('心', '心电图')).toBe(0.5);
  });
});
