import type { AstmDelimiters } from './delimiters.ts';

/**
 * E1394 escape sequences (with `&` as escape character): `&F&` field, `&S&` component, `&R&`
 * repeat, `&E&` escape delimiter. Other sequences (`&X…&`, `&Z…&`, highlighting) are kept as written.
 */
export function unescapeAstm(text: string, d: AstmDelimiters): string {
  if (!text.includes(d.escape)) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const start = text.indexOf(d.escape, i);
    if (start < 0) break;
    const end = text.indexOf(d.escape, start + 1);
    if (end < 0) break;
    out += text.slice(i, start);
    const code = text.slice(start + 1, end);
    const replacement = ({ F: d.field, S: d.component, R: d.repeat, E: d.escape } as Record<string, string | undefined>)[code];
    out += replacement ?? text.slice(start, end + 1);
    i = end + 1;
  }
  return out + text.slice(i);
}

export function escapeAstm(text: string, d: AstmDelimiters): string {
  let out = '';
  for (const char of text) {
    if (char === d.escape) out += `${d.escape}E${d.escape}`;
    else if (char === d.field) out += `${d.escape}F${d.escape}`;
    else if (char === d.component) out += `${d.escape}S${d.escape}`;
    else if (char === d.repeat) out += `${d.escape}R${d.escape}`;
    else out += char;
  }
  return out;
}
