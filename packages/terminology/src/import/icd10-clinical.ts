import type { CodeSystemConcept } from '@medplum/fhirtypes';
import { ICD10_CHAPTERS, icd10BlockOf } from '../seed/icd10.ts';
import { conceptOf, type ImportedRow, type RowIssue } from './rows.ts';
import { both } from './messages.ts';

// Category (letter + two digits), then the edition's extensions: `.0`, `.000`, `x001`, dagger/asterisk marks.
const ICD_CODE = /^[A-Z]\d{2}[0-9A-Za-z.+*]*$/;
const BLOCK_CODE = /^[A-Z]\d{2}-[A-Z]\d{2}$/;

/**
 * The parent of a code of the national clinical edition: the nearest shorter code in the file
 * (`A01.000x002` → `A01.000` → `A01.0` → `A01`), else the block the category belongs to.
 */
export function icd10Parent(code: string, known: Set<string>): string | undefined {
  const x = code.indexOf('x');
  const candidates: string[] = [];
  if (x > 0) candidates.push(code.slice(0, x).replace(/\.$/, ''));
  for (let end = (x > 0 ? x : code.length) - 1; end >= 3; end--) {
    const shorter = code.slice(0, end).replace(/\.$/, '');
    if (shorter.length >= 3) candidates.push(shorter);
  }
  const inFile = candidates.find((c) => c !== code && known.has(c));
  return inFile ?? icd10BlockOf(code.slice(0, 3))?.block.code;
}

/**
 * Concepts of an imported ICD-10 edition: the shipped chapters and blocks (kind chapter/block; a file row with
 * a block code only renames it), then the file's codes under them. Codes outside ICD-10's shape or blocks are
 * row errors.
 */
export function icd10Concepts(rows: ImportedRow[]): { concepts: CodeSystemConcept[]; issues: RowIssue[] } {
  const issues: RowIssue[] = [];
  const renamed = new Map<string, string>();
  const codes: ImportedRow[] = [];
  for (const r of rows) {
    if (BLOCK_CODE.test(r.code) && ICD10_CHAPTERS.some((c) => c.blocks.some((b) => b.code === r.code))) renamed.set(r.code, r.name);
    else if (!ICD_CODE.test(r.code)) {
      issues.push({ row: r.row, column: 'code', code: 'not-icd10', message: both(`第${r.row}行编码“${r.code}”不是ICD-10编码（字母+两位数字开头）`, `Row ${r.row}: "${r.code}" is not an ICD-10 code (a letter and two digits first)`) });
    } else if (!icd10BlockOf(r.code.slice(0, 3))) {
      issues.push({ row: r.row, column: 'code', code: 'not-icd10', message: both(`第${r.row}行编码“${r.code}”的类目不属于任何ICD-10节`, `Row ${r.row}: the category of "${r.code}" is in no ICD-10 block`) });
    } else codes.push(r);
  }
  const known = new Set(codes.map((r) => r.code));
  const concepts: CodeSystemConcept[] = [];
  const kind = (k: string) => ({ code: 'kind', valueString: k });
  for (const chapter of ICD10_CHAPTERS) {
    concepts.push({ code: chapter.code, display: chapter.zh, designation: [{ language: 'en', value: chapter.en }], property: [kind('chapter'), { code: 'range', valueString: `${chapter.from}-${chapter.to}` }] });
    for (const block of chapter.blocks) {
      concepts.push({
        code: block.code,
        display: renamed.get(block.code) ?? block.zh,
        designation: [{ language: 'en', value: block.en }],
        property: [kind('block'), { code: 'range', valueString: block.code }, { code: 'parent', valueCode: chapter.code }],
      });
    }
  }
  for (const r of codes) {
    const concept = conceptOf(r, icd10Parent(r.code, known));
    concept.property = [...(concept.property ?? []), kind('category')];
    concepts.push(concept);
  }
  return { concepts, issues };
}
