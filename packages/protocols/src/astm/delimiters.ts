/** E1394 delimiters, declared by the header record: `H|\^&` = field `|`, repeat `\`, component `^`, escape `&`. */
export interface AstmDelimiters {
  field: string;
  repeat: string;
  component: string;
  escape: string;
}

export const DEFAULT_ASTM_DELIMITERS: Readonly<AstmDelimiters> = Object.freeze({ field: '|', repeat: '\\', component: '^', escape: '&' });

/** Reads the delimiters from the first characters of an H record (E1394 §7.1.2). Defaults when absent. */
export function delimitersFromHeader(record: string): AstmDelimiters {
  if (!record.startsWith('H') || record.length === 1) return { ...DEFAULT_ASTM_DELIMITERS };
  if (record.length < 5) throw new TypeError(`header too short to declare its delimiters: ${JSON.stringify(record)}`);
  const [field, repeat, component, escape] = record.slice(1, 5);
  if (new Set([field, repeat, component, escape]).size !== 4) {
    throw new TypeError(`header declares delimiters that are not distinct: ${JSON.stringify(record.slice(1, 5))}`);
  }
  return { field, repeat, component, escape };
}

export function checkDelimiters(delimiters: AstmDelimiters): void {
  const chars = [delimiters.field, delimiters.repeat, delimiters.component, delimiters.escape];
  if (chars.some((c) => c.length !== 1) || new Set(chars).size !== 4) {
    throw new TypeError('ASTM delimiters must be four distinct single characters');
  }
}
