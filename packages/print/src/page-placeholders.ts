import type { Content, DynamicContent, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { PrintDocumentError } from './errors.ts';

/**
 * Placeholders a JSON header or footer may carry: pdfmake only numbers pages through a function-valued
 * `header`/`footer`, which cannot travel in a JSON request, so static content with these is turned into one.
 */
export const PAGE_PLACEHOLDERS = ['page', 'pages'] as const;

const PLACEHOLDER = /\{(\w+)\}/g;
const RUNNING_PARTS = ['header', 'footer'] as const;

/**
 * Refuses placeholders other than `{page}` and `{pages}` in a document's header and footer strings, so a typo
 * (`{pgae}`) is a 400 naming the spot rather than a printout with braces in its margin.
 */
export function checkPagePlaceholders(doc: Record<string, unknown>): void {
  for (const part of RUNNING_PARTS) {
    if (doc[part] === undefined) continue;
    const value = doc[part];
    if (typeof value !== 'string' && (typeof value !== 'object' || value === null)) {
      throw new PrintDocumentError(`document.${part} must be pdfmake content: a string, an array or an object`, `document.${part}`);
    }
    visitStrings(value, `document.${part}`, (text, path) => {
      for (const [, name] of text.matchAll(PLACEHOLDER)) {
        if (!(PAGE_PLACEHOLDERS as readonly string[]).includes(name)) {
          throw new PrintDocumentError(`${path}: unknown placeholder {${name}}; header and footer may use {page} and {pages}`, path);
        }
      }
    });
  }
}

/**
 * Returns the document with a static header/footer that mentions `{page}` or `{pages}` replaced by the pdfmake
 * function filling them in on every page (`{ text: '第 {page} 页 / 共 {pages} 页' }` → "第 2 页 / 共 3 页").
 * Function-valued headers and footers (modules calling renderPdf directly) are left as they are.
 */
export function expandPagePlaceholders(doc: TDocumentDefinitions): TDocumentDefinitions {
  const out = { ...doc };
  for (const part of RUNNING_PARTS) {
    const value = doc[part];
    if (value === undefined || typeof value === 'function' || !mentionsPage(value)) continue;
    const template = value;
    const numbered: DynamicContent = (page, pages) => fill(template, { page: String(page), pages: String(pages) }) as Content;
    out[part] = numbered;
  }
  return out;
}

function mentionsPage(node: unknown): boolean {
  let found = false;
  visitStrings(node, '', (text) => {
    for (const [, name] of text.matchAll(PLACEHOLDER)) if ((PAGE_PLACEHOLDERS as readonly string[]).includes(name)) found = true;
  });
  return found;
}

/** A copy of the node with the placeholders in every string filled; pdfmake mutates content it lays out, so each page gets its own. */
function fill(node: unknown, values: Record<string, string>): unknown {
  if (typeof node === 'string') return node.replace(PLACEHOLDER, (whole, name: string) => values[name] ?? whole);
  if (Array.isArray(node)) return node.map((child) => fill(child, values));
  if (typeof node === 'object' && node !== null) return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, fill(v, values)]));
  return node;
}

function visitStrings(node: unknown, path: string, visit: (text: string, path: string) => void): void {
  if (typeof node === 'string') visit(node, path);
  else if (Array.isArray(node)) node.forEach((child, i) => visitStrings(child, `${path}[${i}]`, visit));
  else if (typeof node === 'object' && node !== null) for (const [k, v] of Object.entries(node)) visitStrings(v, `${path}.${k}`, visit);
}
