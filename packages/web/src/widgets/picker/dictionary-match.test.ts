import { describe, expect, it } from 'vitest';
import * as pinyinPro from 'pinyin-pro';
import { conceptKey, indexConcepts, matchConcepts, MatchRank, rankOf, readsAs, type DictionaryConcept } from './dictionary-match.ts';
import { pinyinReader } from './pinyin-reader.ts';

const read = pinyinReader(pinyinPro);
const LAB: DictionaryConcept[] = [
  { code: 'CBC', display: '血常规' },
  { code: 'UA', display: '尿常规' },
  { code: 'LFT', display: '肝功能' },
  { code: 'RFT', display: '肾功能' },
  { code: 'GLU', display: '血糖' },
  { code: 'LIP4', display: '血脂四项' },
  { code: 'HBA1C', display: '糖化血红蛋白 HbA1c' },
  { code: 'COAG4', display: '凝血四项' },
  { code: 'XCG', display: '胸部正位片' },
];
const index = indexConcepts(LAB, read);
const displays = (query: string) => matchConcepts(index, query).map((c) => c.display);

describe('pinyin reader (pinyin-pro)', () => {
  it('gives the contextual reading first and every other reading of a polyphonic character after it', () => {
    expect(read('血常规')).toEqual([['xue', 'xie'], ['chang'], ['gui']]);
    // 重庆: pinyin-pro's word list reads 重 as chong here; zhong stays available.
    expect(read('重庆')[0]).toEqual(['chong', 'zhong']);
    expect(read('绿')[0][0]).toBe('lv');
  });

  it('reads latin letters and digits as themselves', () => {
    expect(read('A1')).toEqual([['A'], ['1']]);
  });
});

describe('dictionary matching', () => {
  it('finds 血常规 by initials and by full pinyin', () => {
    expect(displays('xcg')).toContain('血常规');
    expect(displays('xuechang')).toContain('血常规');
    expect(displays('xuechanggui')).toContain('血常规');
    expect(displays('xuecg')).toContain('血常规');
  });

  it('ranks exact code, then prefix, then pinyin initials, then contains', () => {
    // XCG is the exact code of 胸部正位片, so it comes before 血常规 found by initials.
    expect(displays('xcg').slice(0, 2)).toEqual(['胸部正位片', '血常规']);
    expect(rankOf(index[8], 'xcg')).toBe(MatchRank.exact);
    expect(rankOf(index[0], 'xcg')).toBe(MatchRank.pinyin);
    expect(rankOf(index[6], 'hba')).toBe(MatchRank.prefix);
    // cg reads inside 血常规 and 尿常规 and sits inside the code XCG, never at the start: all "contains", dictionary order.
    expect(rankOf(index[0], 'cg')).toBe(MatchRank.contains);
    expect(displays('cg')).toEqual(['血常规', '尿常规', '胸部正位片']);
  });

  it('matches codes and Chinese text by prefix and contains', () => {
    expect(displays('lft')).toEqual(['肝功能']);
    expect(displays('功能')).toEqual(['肝功能', '肾功能']);
    expect(displays('血')).toEqual(['血常规', '血糖', '血脂四项', '糖化血红蛋白 HbA1c', '凝血四项']);
    expect(displays('hba1c')[0]).toBe('糖化血红蛋白 HbA1c');
  });

  it('finds polyphonic characters by any reading (血 xue or xie) and keeps dictionary order within a rank', () => {
    expect(displays('xiecg')).toEqual(['血常规']);
    expect(displays('xt')).toEqual(['血糖']);
    expect(displays('sx')).toEqual(['血脂四项', '凝血四项']);
  });

  it('lists everything for an empty query and nothing for a query that reads as nothing', () => {
    expect(matchConcepts(index, '  ')).toHaveLength(LAB.length);
    expect(matchConcepts(index, '', 3)).toHaveLength(3);
    expect(displays('qqq')).toEqual([]);
  });

  it('lets the query stop inside a syllable but not skip characters', () => {
    const readings = read('肝功能');
    expect(readsAs(readings, 0, 'gango')).toBe(true);
    expect(readsAs(readings, 0, 'gn')).toBe(false);
    expect(readsAs(readings, 1, 'gn')).toBe(true);
  });

  it('searches a 6,000-concept dictionary and still ranks the exact code first', () => {
    const big: DictionaryConcept[] = Array.from({ length: 6000 }, (_, i) => ({ code: `T${i}`, display: `${['血', '尿', '肝', '肾'][i % 4]}检测项目${i}` }));
    const bigIndex = indexConcepts(big, read);
    const hits = matchConcepts(bigIndex, 't59');
    expect(hits[0].code).toBe('T59');
    expect(hits).toHaveLength(1 + 10 + 100);
    expect(matchConcepts(bigIndex, 'xjcxm', 50)).toHaveLength(50);
  });

  it('keys concepts by system and code', () => {
    expect(conceptKey({ system: 'urn:a', code: 'x' })).toBe('urn:a|x');
    expect(conceptKey({ code: 'x' })).toBe('|x');
  });
});
