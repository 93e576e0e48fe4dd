import { bilingual } from '../text.ts';
import type { BinaryOperator, Expression } from './ast.ts';
import { ExpressionError } from './errors.ts';
import { FUNCTIONS, IF_FUNCTION } from './functions.ts';
import { tokenize, type Token } from './tokenize.ts';

const COMPARISONS = new Set(['<', '<=', '>', '>=', '==', '!=']);

/**
 * Parses a formula by recursive descent (no eval, no Function): numbers, test codes (bare or in brackets:
 * `[HDL-C]`), + − × ÷ ^ (right-associative, binding tighter than unary minus: −2^2 = −4), parentheses, comparisons,
 * && || !, and the functions min max abs round ln log10 exp pow sqrt if. Unknown functions and wrong argument counts
 * are syntax errors, found before any value is needed.
 */
export function parseExpression(source: string, path = 'expression'): Expression {
  const tokens = tokenize(source, path);
  let at = 0;
  const peek = (): Token => tokens[at];
  function fail(token: Token, zh: string, en: string): never {
    throw new ExpressionError('syntax', bilingual(`公式第 ${token.pos + 1} 个字符：${zh}`, `Formula, character ${token.pos + 1}: ${en}`), path, { position: token.pos });
  }
  const isOp = (value: string): boolean => {
    const t = peek();
    return t.type === 'op' && t.value === value;
  };
  const expect = (value: string): void => {
    if (!isOp(value)) fail(peek(), `此处应为“${value}”`, `expected "${value}"`);
    at++;
  };

  const binaryLevel = (ops: readonly string[], next: () => Expression) => (): Expression => {
    let left = next();
    while (ops.some(isOp)) {
      const op = (tokens[at++] as { value: string }).value as BinaryOperator;
      left = { type: 'binary', op, left, right: next() };
    }
    return left;
  };

  const primary = (): Expression => {
    const t = peek();
    if (t.type === 'number') {
      at++;
      return { type: 'number', value: t.value };
    }
    if (t.type === 'name') {
      at++;
      if (!isOp('(')) return { type: 'variable', name: t.value };
      at++;
      const name = t.value.toLowerCase();
      const args: Expression[] = [];
      if (!isOp(')')) {
        args.push(or());
        while (isOp(',')) {
          at++;
          args.push(or());
        }
      }
      expect(')');
      const arity = name === IF_FUNCTION ? { minArgs: 3, maxArgs: 3 } : FUNCTIONS[name];
      if (!arity) fail(t, `未知的函数 ${t.value}`, `unknown function ${t.value}`);
      if (args.length < arity.minArgs || args.length > arity.maxArgs) {
        const wanted = arity.minArgs === arity.maxArgs ? `${arity.minArgs}` : arity.maxArgs === Infinity ? `≥${arity.minArgs}` : `${arity.minArgs}–${arity.maxArgs}`;
        fail(t, `函数 ${name} 需要 ${wanted} 个参数，给了 ${args.length} 个`, `function ${name} takes ${wanted} argument(s), got ${args.length}`);
      }
      return { type: 'call', name, args };
    }
    if (isOp('(')) {
      at++;
      const inner = or();
      expect(')');
      return inner;
    }
    return fail(t, t.type === 'end' ? '公式不完整' : `此处不应出现“${t.value}”`, t.type === 'end' ? 'the formula ends too early' : `unexpected "${t.value}"`);
  };

  const power = (): Expression => {
    const base = primary();
    if (!isOp('^')) return base;
    at++;
    return { type: 'binary', op: '^', left: base, right: unary() };
  };

  function unary(): Expression {
    if (isOp('-') || isOp('+') || isOp('!')) {
      const op = (tokens[at++] as { value: string }).value as '-' | '+' | '!';
      return { type: 'unary', op, operand: unary() };
    }
    return power();
  }

  const multiplicative = binaryLevel(['*', '/'], unary);
  const additive = binaryLevel(['+', '-'], multiplicative);
  const comparison = (): Expression => {
    const left = additive();
    const t = peek();
    if (t.type !== 'op' || !COMPARISONS.has(t.value)) return left;
    at++;
    const node: Expression = { type: 'binary', op: t.value as BinaryOperator, left, right: additive() };
    const after = peek();
    if (after.type === 'op' && COMPARISONS.has(after.value)) fail(after, '比较不能连写，请用 && 连接', 'comparisons cannot be chained: join them with &&');
    return node;
  };
  const and = binaryLevel(['&&'], comparison);
  function or(): Expression {
    return binaryLevel(['||'], and)();
  }

  const tree = or();
  if (peek().type !== 'end') fail(peek(), `多余的内容“${(peek() as { value: unknown }).value}”`, `unexpected "${(peek() as { value: unknown }).value}"`);
  return tree;
}
