export type BinaryOperator = '+' | '-' | '*' | '/' | '^' | '<' | '<=' | '>' | '>=' | '==' | '!=' | '&&' | '||';
export type UnaryOperator = '-' | '+' | '!';

/** A parsed formula. Comparisons and logic give 1 (true) or 0 (false); any non-zero number is true. */
export type Expression =
  | { type: 'number'; value: number }
  | { type: 'variable'; name: string }
  | { type: 'unary'; op: UnaryOperator; operand: Expression }
  | { type: 'binary'; op: BinaryOperator; left: Expression; right: Expression }
  | { type: 'call'; name: string; args: Expression[] };

/** A plain identifier can be written bare; anything else (HDL-C, A/G) goes in brackets. */
const needsBrackets = (name: string): boolean => !/^[\p{L}_][\p{L}\p{N}_]*$/u.test(name);

/** The expression written back as text (fully parenthesised where it nests), for messages. */
export function formatExpression(e: Expression): string {
  switch (e.type) {
    case 'number':
      return String(e.value);
    case 'variable':
      return needsBrackets(e.name) ? `[${e.name}]` : e.name;
    case 'unary':
      return `${e.op}${wrap(e.operand)}`;
    case 'binary':
      return `${wrap(e.left)} ${e.op} ${wrap(e.right)}`;
    case 'call':
      return `${e.name}(${e.args.map(formatExpression).join(', ')})`;
  }
}

function wrap(e: Expression): string {
  return e.type === 'binary' ? `(${formatExpression(e)})` : formatExpression(e);
}

/** Every variable the expression refers to, each once, in order of appearance. */
export function expressionVariables(e: Expression): string[] {
  const out = new Set<string>();
  const visit = (x: Expression): void => {
    if (x.type === 'variable') out.add(x.name);
    else if (x.type === 'unary') visit(x.operand);
    else if (x.type === 'binary') {
      visit(x.left);
      visit(x.right);
    } else if (x.type === 'call') x.args.forEach(visit);
  };
  visit(e);
  return [...out];
}
