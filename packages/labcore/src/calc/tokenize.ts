import { bilingual } from '../text.ts';
import { ExpressionError } from './errors.ts';

export type Token =
  | { type: 'number'; value: number; pos: number }
  | { type: 'name'; value: string; pos: number }
  | { type: 'op'; value: string; pos: number }
  | { type: 'end'; pos: number };

/** Typographic operators people paste from documents, read as their ASCII forms. */
const ALIASES: Readonly<Record<string, string>> = { '×': '*', '·': '*', '÷': '/', '−': '-', '≤': '<=', '≥': '>=', '≠': '!=' };
const TWO_CHAR = new Set(['<=', '>=', '==', '!=', '&&', '||']);
const ONE_CHAR = new Set(['+', '-', '*', '/', '^', '(', ')', ',', '<', '>', '!']);
const NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/;
const NAME = /^[\p{L}_][\p{L}\p{N}_]*/u;

export function tokenize(source: string, path = 'expression'): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  function fail(zh: string, en: string): never {
    throw new ExpressionError('syntax', bilingual(`公式第 ${i + 1} 个字符：${zh}`, `Formula, character ${i + 1}: ${en}`), path, { position: i });
  }
  while (i < source.length) {
    const ch = source[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const rest = source.slice(i);
    const number = NUMBER.exec(rest);
    if (number) {
      tokens.push({ type: 'number', value: Number(number[0]), pos: i });
      i += number[0].length;
      continue;
    }
    if (ch === '[') {
      const end = source.indexOf(']', i);
      if (end < 0) fail('方括号未闭合', 'unclosed bracket');
      const name = source.slice(i + 1, end).trim();
      if (!name) fail('方括号中没有项目代码', 'empty brackets');
      tokens.push({ type: 'name', value: name, pos: i });
      i = end + 1;
      continue;
    }
    const name = NAME.exec(rest);
    if (name) {
      tokens.push({ type: 'name', value: name[0], pos: i });
      i += name[0].length;
      continue;
    }
    const two = source.slice(i, i + 2);
    if (TWO_CHAR.has(two)) {
      tokens.push({ type: 'op', value: two, pos: i });
      i += 2;
      continue;
    }
    const op = ALIASES[ch] ?? ch;
    if (ONE_CHAR.has(op) || TWO_CHAR.has(op)) {
      tokens.push({ type: 'op', value: op, pos: i });
      i++;
      continue;
    }
    if (ch === '=') fail('比较相等请用 ==', 'use == to compare');
    fail(`无法识别的字符“${ch}”`, `unexpected character "${ch}"`);
  }
  tokens.push({ type: 'end', pos: source.length });
  return tokens;
}
