import { AstmRecord, type AstmFieldValue } from './record.ts';

/**
 * M (manufacturer information) and S (scientific) records have instrument-defined content:
 * the fields from 3 on are written as given. Read them with `AstmRecord.get()`.
 */
export function buildManufacturerRecord(type: 'M' | 'S', sequence: number, fields: AstmFieldValue[]): AstmRecord {
  const record = new AstmRecord(type).set(2, String(sequence));
  fields.forEach((value, i) => record.set(i + 3, value));
  return record;
}
