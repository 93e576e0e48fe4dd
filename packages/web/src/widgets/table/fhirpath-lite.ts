/**
 * The part of FHIRPath that table columns use for their cell text, evaluated in the browser without shipping a
 * full FHIRPath engine (the server evaluates the same expressions with @medplum/core for the Excel export).
 *
 * Supported: member navigation with an optional leading type (`Patient.name.text`), choice elements
 * (`value` finds `valueQuantity`), indexers (`identifier[0]`), unions (`name.text | alias`), parentheses
 * (`(title | name).first()`), and the functions
 * `first()`, `last()`, `exists()`, `count()`, `where(<path> = <literal>)` / `where(<path> != <literal>)`.
 * Anything else is a syntax error at compile time, so an unsupported column fails when the page is written,
 * not silently in a cell.
 */

type Node =
  | { kind: 'union'; parts: Node[] }
  | { kind: 'path'; start?: Node; steps: Step[] }
  | { kind: 'literal'; value: string | number | boolean };

type Step = { kind: 'member'; name: string } | { kind: 'index'; index: number } | { kind: 'call'; name: string; args: Node[]; op?: '=' | '!=' };

type Token = { type: 'ident' | 'string' | 'number' | 'symbol'; text: string; at: number };

export class FhirPathSyntaxError extends Error {}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (/[A-Za-z_$]/.test(ch)) {
      const m = /^[A-Za-z_$][A-Za-z0-9_]*/.exec(src.slice(i))!;
      out.push({ type: 'ident', text: m[0], at: i });
      i += m[0].length;
    } else if (ch === '`') {
      const end = src.indexOf('`', i + 1);
      if (end < 0) throw new FhirPathSyntaxError(`Unterminated \` at ${i} in "${src}"`);
      out.push({ type: 'ident', text: src.slice(i + 1, end), at: i });
      i = end + 1;
    } else if (ch === "'") {
      let j = i + 1;
      let text = '';
      while (j < src.length && src[j] !== "'") {
        if (src[j] === '\\' && j + 1 < src.length) j++;
        text += src[j++];
      }
      if (j >= src.length) throw new FhirPathSyntaxError(`Unterminated string at ${i} in "${src}"`);
      out.push({ type: 'string', text, at: i });
      i = j + 1;
    } else if (/[0-9]/.test(ch)) {
      const m = /^[0-9]+(\.[0-9]+)?/.exec(src.slice(i))!;
      out.push({ type: 'number', text: m[0], at: i });
      i += m[0].length;
    } else if (src.startsWith('!=', i)) {
      out.push({ type: 'symbol', text: '!=', at: i });
      i += 2;
    } else if ('.|()[]=,'.includes(ch)) {
      out.push({ type: 'symbol', text: ch, at: i });
      i++;
    } else {
      throw new FhirPathSyntaxError(`Unsupported character "${ch}" at ${i} in "${src}"`);
    }
  }
  return out;
}

const FUNCTIONS = new Set(['first', 'last', 'exists', 'count', 'where']);

class Parser {
  private pos = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly src: string,
  ) {}

  parse(): Node {
    const node = this.union();
    if (this.pos < this.tokens.length) this.fail(`unexpected "${this.tokens[this.pos].text}"`);
    return node;
  }

  private peek(text?: string): Token | undefined {
    const t = this.tokens[this.pos];
    return text === undefined || t?.text === text ? t : undefined;
  }

  private expect(text: string): void {
    if (this.tokens[this.pos]?.text !== text) this.fail(`expected "${text}"`);
    this.pos++;
  }

  private fail(message: string): never {
    const at = this.tokens[this.pos]?.at ?? this.src.length;
    throw new FhirPathSyntaxError(`FHIRPath "${this.src}": ${message} at ${at}`);
  }

  private union(): Node {
    const parts = [this.path()];
    while (this.peek('|')) {
      this.pos++;
      parts.push(this.path());
    }
    return parts.length === 1 ? parts[0] : { kind: 'union', parts };
  }

  private path(): Node {
    let start: Node | undefined;
    const steps: Step[] = [];
    if (this.peek('(')) {
      this.pos++;
      start = this.union();
      this.expect(')');
    } else steps.push(this.step());
    while (true) {
      if (this.peek('.')) {
        this.pos++;
        steps.push(this.step());
      } else if (this.peek('[')) {
        this.pos++;
        const n = this.tokens[this.pos];
        if (n?.type !== 'number' || n.text.includes('.')) this.fail('expected an integer index');
        this.pos++;
        this.expect(']');
        steps.push({ kind: 'index', index: Number(n.text) });
      } else return start && !steps.length ? start : { kind: 'path', start, steps };
    }
  }

  private step(): Step {
    const t = this.tokens[this.pos];
    if (t?.type !== 'ident') this.fail('expected a name');
    this.pos++;
    if (!this.peek('(')) return { kind: 'member', name: t.text };
    if (!FUNCTIONS.has(t.text)) this.fail(`function ${t.text}() is not supported in the browser`);
    this.pos++;
    if (t.text !== 'where') {
      this.expect(')');
      return { kind: 'call', name: t.text, args: [] };
    }
    const left = this.path();
    const op = this.peek('=') ?? this.peek('!=');
    if (!op) this.fail('where() needs <path> = <literal>');
    this.pos++;
    const right = this.literal();
    this.expect(')');
    return { kind: 'call', name: 'where', args: [left, right], op: op.text as '=' | '!=' };
  }

  private literal(): Node {
    const t = this.tokens[this.pos];
    if (t?.type === 'string') {
      this.pos++;
      return { kind: 'literal', value: t.text };
    }
    if (t?.type === 'number') {
      this.pos++;
      return { kind: 'literal', value: Number(t.text) };
    }
    if (t?.type === 'ident' && (t.text === 'true' || t.text === 'false')) {
      this.pos++;
      return { kind: 'literal', value: t.text === 'true' };
    }
    this.fail('expected a literal');
  }
}

/** The children named `name`, including choice elements (`value` → `valueQuantity`, `valueString` …). */
function member(node: unknown, name: string): unknown[] {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return [];
  const obj = node as Record<string, unknown>;
  const direct = obj[name];
  const found: unknown[] = [];
  if (direct !== undefined) found.push(direct);
  else {
    for (const [k, v] of Object.entries(obj)) {
      if (k.length > name.length && k.startsWith(name) && /[A-Z]/.test(k[name.length])) found.push(v);
    }
  }
  return found.flatMap((v) => (Array.isArray(v) ? v : [v])).filter((v) => v !== null && v !== undefined);
}

function evaluate(node: Node, input: unknown[], root: unknown): unknown[] {
  switch (node.kind) {
    case 'literal':
      return [node.value];
    case 'union': {
      const out: unknown[] = [];
      for (const part of node.parts) for (const v of evaluate(part, input, root)) if (!out.includes(v)) out.push(v);
      return out;
    }
    case 'path': {
      let current = node.start ? evaluate(node.start, input, root) : input;
      node.steps.forEach((step, i) => {
        current = applyStep(step, current, root, i === 0 && !node.start);
      });
      return current;
    }
  }
}

function applyStep(step: Step, input: unknown[], root: unknown, first: boolean): unknown[] {
  if (step.kind === 'index') return step.index < input.length ? [input[step.index]] : [];
  if (step.kind === 'member') {
    if (first && step.name === '$this') return input;
    // A leading capitalised name is a type: `Patient.name` on a Patient starts at the resource, on anything else yields nothing.
    if (first && /^[A-Z]/.test(step.name)) {
      return input.filter((n) => (n as { resourceType?: string } | null)?.resourceType === step.name);
    }
    return input.flatMap((n) => member(n, step.name));
  }
  switch (step.name) {
    case 'first':
      return input.slice(0, 1);
    case 'last':
      return input.slice(-1);
    case 'exists':
      return [input.length > 0];
    case 'count':
      return [input.length];
    default: {
      const [left, right] = step.args;
      const literal = (right as { value: unknown }).value;
      return input.filter((item) => {
        const equal = evaluate(left, [item], root).some((v) => v === literal);
        return step.op === '=' ? equal : !equal;
      });
    }
  }
}

export type CompiledPath = (resource: unknown) => unknown[];

const cache = new Map<string, CompiledPath>();

/** Compiles an expression once (throws FhirPathSyntaxError for what this subset does not support). */
export function compileFhirPath(expression: string): CompiledPath {
  let fn = cache.get(expression);
  if (!fn) {
    const ast = new Parser(tokenize(expression), expression).parse();
    fn = (resource) => evaluate(ast, [resource], resource);
    cache.set(expression, fn);
  }
  return fn;
}

export const evalFhirPathLite = (expression: string, resource: unknown): unknown[] => compileFhirPath(expression)(resource);
