import type { CodeSystem } from '@medplum/fhirtypes';
import { ICD10_BLOCKS_VERSION, OID, SYSTEM } from '../urls.ts';
import { nationalCodeSystem, type SeedConcept } from './build.ts';
import { ICD10_OUTLINE } from './icd10-blocks.data.ts';

export interface Icd10Block {
  /** `A00-A09` */
  code: string;
  from: string;
  to: string;
  zh: string;
  en: string;
}

export interface Icd10Chapter extends Icd10Block {
  /** Roman numeral, e.g. `XXII`. */
  numeral: string;
  blocks: Icd10Block[];
}

const CHAPTER = /^([IVX]+) ([A-Z]\d\d)-([A-Z]\d\d) (.+) \| (.+)$/;
const BLOCK = /^([A-Z]\d\d)-([A-Z]\d\d) (.+) \| (.+)$/;

function parseOutline(): Icd10Chapter[] {
  const chapters: Icd10Chapter[] = [];
  for (const line of ICD10_OUTLINE.trim().split('\n')) {
    const chapter = CHAPTER.exec(line);
    if (chapter) {
      const [, numeral, from, to, zh, en] = chapter;
      chapters.push({ numeral, code: numeral, from, to, zh, en, blocks: [] });
      continue;
    }
    const block = BLOCK.exec(line);
    if (!block || !chapters.length) throw new Error(`ICD-10 outline line not understood: ${line}`);
    const [, from, to, zh, en] = block;
    chapters[chapters.length - 1].blocks.push({ code: `${from}-${to}`, from, to, zh, en });
  }
  return chapters;
}

/** The 22 chapters with their blocks. */
export const ICD10_CHAPTERS: readonly Icd10Chapter[] = parseOutline();

/** The block whose range holds a three-character category (`K35` → `K35-K38`); undefined outside every block. */
export function icd10BlockOf(category: string): { chapter: Icd10Chapter; block: Icd10Block } | undefined {
  for (const chapter of ICD10_CHAPTERS) {
    if (category < chapter.from || category > chapter.to) continue;
    const block = chapter.blocks.find((b) => category >= b.from && category <= b.to);
    if (block) return { chapter, block };
  }
  return undefined;
}

/** Chapters and blocks as seed concepts (kind property: chapter / block). */
export function icd10OutlineConcepts(): SeedConcept[] {
  return ICD10_CHAPTERS.map((c) => ({
    code: c.code,
    zh: c.zh,
    en: c.en,
    properties: { kind: 'chapter', range: `${c.from}-${c.to}` },
    children: c.blocks.map((b) => ({ code: b.code, zh: b.zh, en: b.en, properties: { kind: 'block', range: b.code } })),
  }));
}

export const ICD10_PROPERTIES = [
  { code: 'kind', description: '层级：chapter 章、block 节（类目组）、category 类目及以下 (level in the classification)' },
  { code: 'range', description: '章或节覆盖的类目范围 (category range of a chapter or block)' },
];

/**
 * ICD-10 chapters and blocks (a fragment of the classification): enough to browse and to file a full edition under.
 * The full 国家临床版 2.0 is imported from its CSV/XLSX (POST /api/terminology/import, kind icd10-clinical).
 */
export const icd10ChaptersAndBlocks: CodeSystem = nationalCodeSystem({
  url: SYSTEM.icd10,
  oid: OID.icd10,
  version: ICD10_BLOCKS_VERSION,
  name: 'ICD10',
  title: '疾病分类与代码 ICD-10（章、节）',
  titleEn: 'ICD-10 chapters and blocks',
  description: 'ICD-10 的22章及其节（类目组）；完整的国家临床版通过导入接口加载',
  content: 'fragment',
  properties: ICD10_PROPERTIES,
  concepts: icd10OutlineConcepts(),
});
