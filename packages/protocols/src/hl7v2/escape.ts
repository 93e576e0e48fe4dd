import type { TextCodec } from '../text/charset.ts';
import type { Hl7Delimiters } from './delimiters.ts';

/**
 * HL7 v2 escape sequences (§2.7): `\F\` field, `\S\` component, `\T\` subcomponent, `\R\`
 * repetition, `\E\` escape, `\Xhh…\` bytes in hex (read in the message's charset), `\.br\` line
 * break. Formatting and charset-switch sequences we do not interpret (`\H\`, `\N\`, `\.sp\`, `\C…\`,
 * `\M…\`, `\Z…\`) are left in the text as written.
 */
export function unescapeHl7(text: string, d: Hl7Delimiters, codec?: TextCodec): string {
  if (!text.includes(d.escape)) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const start = text.indexOf(d.escape, i);
    if (start < 0) break;
    const end = text.indexOf(d.escape, start + 1);
    if (end < 0) break;
    out += text.slice(i, start);
    out += expand(text.slice(start + 1, end), d, codec) ?? text.slice(start, end + 1);
    i = end + 1;
  }
  return out + text.slice(i);
}

function expand(code: string, d: Hl7Delimiters, codec?: TextCodec): string | undefined {
  switch (code) {
    case 'F': return d.field;
    case 'S': return d.component;
    case 'T': return d.subcomponent;
    case 'R': return d.repetition;
    case 'E': return d.escape;
    case '.br': return '\n';
  }
  if (/^X([0-9A-Fa-f]{2})+$/.test(code)) {
    const bytes = Buffer.from(code.slice(1), 'hex');
    return codec ? codec.decode(bytes) : bytes.toString('latin1');
  }
  return undefined;
}

/** Escapes delimiters, and CR/LF and other C0 controls as `\Xhh\` (CR would end the segment). */
export function escapeHl7(text: string, d: Hl7Delimiters): string {
  let out = '';
  for (const char of text) {
    if (char === d.escape) out += `${d.escape}E${d.escape}`;
    else if (char === d.field) out += `${d.escape}F${d.escape}`;
    else if (char === d.component) out += `${d.escape}S${d.escape}`;
    else if (char === d.subcomponent) out += `${d.escape}T${d.escape}`;
    else if (char === d.repetition) out += `${d.escape}R${d.escape}`;
    else if (char.charCodeAt(0) < 0x20 && char !== '\t') out += `${d.escape}X${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}${d.escape}`;
    else out += char;
  }
  return out;
}
