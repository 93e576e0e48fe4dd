import { badRequest } from '@medunion/kernel';
import { both } from './messages.ts';

export type FileFormat = 'csv' | 'xlsx';
export type TextEncoding = 'utf-8' | 'gbk' | 'utf-16le' | 'utf-16be';

const startsWith = (bytes: Uint8Array, prefix: number[]) => prefix.every((b, i) => bytes[i] === b);

/** Spreadsheet or text, by content (not by the name or media type a client claims). */
export function detectFormat(bytes: Uint8Array): FileFormat {
  if (bytes.length === 0) throw badRequest(both('文件为空', 'The file is empty'), 'file');
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'xlsx'; // a ZIP container: Office Open XML
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) {
    throw badRequest(both('不支持 Excel 97-2003（.xls）格式，请另存为 .xlsx 或 CSV', 'Excel 97-2003 (.xls) files are not supported; save as .xlsx or CSV'), 'file');
  }
  return 'csv';
}

/**
 * Text of a CSV file. Windows tools in China write CSV in GBK unless told otherwise, so: a BOM decides; else
 * strict UTF-8; else strict GB18030 (a superset of GBK and GB2312); anything else is refused rather than
 * imported as mojibake.
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncoding } {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return { text: strict('utf-8', bytes.subarray(3)), encoding: 'utf-8' };
  if (startsWith(bytes, [0xff, 0xfe])) return { text: strict('utf-16le', bytes.subarray(2)), encoding: 'utf-16le' };
  if (startsWith(bytes, [0xfe, 0xff])) return { text: strict('utf-16be', bytes.subarray(2)), encoding: 'utf-16be' };
  for (const [label, encoding] of [
    ['utf-8', 'utf-8'],
    ['gb18030', 'gbk'],
  ] as const) {
    try {
      const text = strict(label, bytes);
      if (!text.includes('\u0000')) return { text, encoding };
    } catch {
      // not this encoding: try the next
    }
  }
  throw badRequest(both('文件既不是 UTF-8 也不是 GBK 编码的文本', 'The file is neither UTF-8 nor GBK text'), 'file');
}

function strict(label: string, bytes: Uint8Array): string {
  return new TextDecoder(label, { fatal: true }).decode(bytes);
}
