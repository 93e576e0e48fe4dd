import { bilingual } from '../text.ts';
import { formatExpression, type Expression } from './ast.ts';
import { ExpressionError } from './errors.ts';
import { FUNCTIONS } from './functions.ts';
import { parseExpression } from './parse.ts';

const truth = (x: number): number => (Number.isNaN(x) ? NaN : x !== 0 ? 1 : 0);

/**
 * Evaluates a formula over named numbers. Every missing variable is collected and reported together (an untaken
 * `if` branch needs none of its inputs); a result that is not a finite number (division by zero, ln of 0, √ of a
 * negative number) is a domain error naming the part of the formula that failed.
 */
export function evaluateExpression(expression: Expression | string, variables: Readonly<Record<string, number>>, path = 'expression'): number {
  const tree = typeof expression === 'string' ? parseExpression(expression, path) : expression;
  const missing = new Set<string>();

  const domain = (node: Expression): never => {
    const text = formatExpression(node);
    throw new ExpressionError('domain', bilingual(`${text} 无法计算（结果不是有限数值，如除以零）`, `${text} cannot be computed (not a finite number, e.g. division by zero)`), path);
  };
  // NaN stands for "an input is missing" and flows through; a non-finite result from finite inputs is a domain error.
  const checked = (node: Expression, result: number, inputs: readonly number[]): number => {
    if (inputs.some(Number.isNaN)) return NaN;
    return Number.isFinite(result) ? result : domain(node);
  };

  const visit = (node: Expression): number => {
    switch (node.type) {
      case 'number':
        return node.value;
      case 'variable': {
        const v = Object.hasOwn(variables, node.name) ? variables[node.name] : undefined;
        if (typeof v === 'number' && Number.isFinite(v)) return v;
        missing.add(node.name);
        return NaN;
      }
      case 'unary': {
        const x = visit(node.operand);
        return node.op === '-' ? -x : node.op === '+' ? x : Number.isNaN(x) ? NaN : x === 0 ? 1 : 0;
      }
      case 'binary': {
        if (node.op === '&&' || node.op === '||') {
          const left = truth(visit(node.left));
          if (node.op === '&&' && left === 0) return 0;
          if (node.op === '||' && left === 1) return 1;
          const right = truth(visit(node.right));
          return Number.isNaN(left) ? NaN : right;
        }
        const a = visit(node.left);
        const b = visit(node.right);
        if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
        switch (node.op) {
          case '+': return checked(node, a + b, [a, b]);
          case '-': return checked(node, a - b, [a, b]);
          case '*': return checked(node, a * b, [a, b]);
          case '/': return b === 0 ? domain(node) : checked(node, a / b, [a, b]);
          case '^': return checked(node, a ** b, [a, b]);
          case '<': return a < b ? 1 : 0;
          case '<=': return a <= b ? 1 : 0;
          case '>': return a > b ? 1 : 0;
          case '>=': return a >= b ? 1 : 0;
          case '==': return a === b ? 1 : 0;
          case '!=': return a !== b ? 1 : 0;
        }
        return NaN;
      }
      case 'call': {
        if (node.name === 'if') {
          const condition = truth(visit(node.args[0]));
          if (condition === 1) return visit(node.args[1]);
          if (condition === 0) return visit(node.args[2]);
          visit(node.args[1]); // the condition lacks inputs: still name everything the formula needs
          visit(node.args[2]);
          return NaN;
        }
        const args = node.args.map(visit);
        return checked(node, FUNCTIONS[node.name].apply(args), args);
      }
    }
  };

  const value = visit(tree);
  if (missing.size) {
    const names = [...missing];
    throw new ExpressionError('missing-input', bilingual(`缺少输入：${names.join('、')}`, `Missing input: ${names.join(', ')}`), path, { missing: names });
  }
  return value;
}
