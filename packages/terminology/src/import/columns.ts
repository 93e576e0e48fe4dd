import { FhirError } from '@medunion/kernel';
import { both } from './messages.ts';

export type Column = 'code' | 'name' | 'parent' | 'definition' | 'alias' | 'mnemonic';

/** Header names accepted for each column (compared without case and surrounding spaces). */
const ALIASES: Record<Column, string[]> = {
  code: ['code', '编码', '代码', '编号', '项目编码', '疾病编码', '诊断编码'],
  name: ['name', 'display', '名称', '项目名称', '疾病名称', '诊断名称'],
  parent: ['parent', '上级编码', '上级代码', '父级编码'],
  definition: ['definition', '说明', '定义', '描述'],
  alias: ['alias', '别名'],
  mnemonic: ['mnemonic', '助记码', '拼音码'],
};

const REQUIRED: Column[] = ['code', 'name'];
const OPTIONAL: Column[] = ['parent', 'definition', 'alias', 'mnemonic'];

const LABEL: Record<Column, string> = { code: '编码', name: '名称', parent: '上级编码', definition: '说明', alias: '别名', mnemonic: '助记码' };
const describe = (columns: Column[]) => columns.map((c) => `${c} (${LABEL[c]})`).join(', ');

/**
 * Maps the header row to columns. Missing required columns, unknown or repeated columns are a 400 that lists
 * what the file has and what is expected: a column that is silently dropped would be data lost.
 */
export function mapColumns(header: string[], allowed: Column[] = [...REQUIRED, ...OPTIONAL]): Map<Column, number> {
  const found = new Map<Column, number>();
  const problems: string[] = [];
  header.forEach((raw, index) => {
    const name = raw.replace(/^\uFEFF/, '').trim().toLowerCase();
    if (name === '') return;
    const column = (Object.keys(ALIASES) as Column[]).find((c) => ALIASES[c].includes(name));
    if (!column || !allowed.includes(column)) problems.push(`"${raw.trim()}"`);
    else if (found.has(column)) problems.push(`"${raw.trim()}" (${both('重复', 'repeated')})`);
    else found.set(column, index);
  });
  const missing = REQUIRED.filter((c) => !found.has(c));
  if (missing.length || problems.length) {
    const parts = [
      missing.length ? both(`缺少列 ${missing.join('、')}`, `missing column(s) ${missing.join(', ')}`) : '',
      problems.length ? both(`无法识别的列 ${problems.join('、')}`, `unrecognised column(s) ${problems.join(', ')}`) : '',
    ].filter(Boolean);
    const expected = `required: ${describe(REQUIRED)}; optional: ${describe(OPTIONAL.filter((c) => allowed.includes(c)))}`;
    throw new FhirError(400, [
      {
        severity: 'error',
        code: 'structure',
        details: { text: `${parts.join('; ')}. ${both('应有的列', 'Expected columns')}: ${expected}. ${both('文件中的列', 'Columns in the file')}: ${header.map((h) => `"${h.trim()}"`).join(', ')}` },
        expression: ['header'],
      },
    ]);
  }
  return found;
}
