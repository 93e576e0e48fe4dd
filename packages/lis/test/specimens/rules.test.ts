import { describe, expect, it } from 'vitest';
import { barcodeCheck, luhnCheckDigit, makeBarcode } from '../../src/specimens/barcode.ts';
import { ageText } from '../../src/specimens/labels.ts';
import { transitionAllowed } from '../../src/specimens/transitions.ts';
import { parseCsv } from '../../src/orders/import/table.ts';
import { mapHeader } from '../../src/orders/import/columns.ts';
import { SPECIMEN_STATUSES } from '../../src/urls.ts';

// The pure rules behind accession, the status ledger and imports (no database).

describe('barcodes', () => {
  it('uses the Luhn check digit (ISO/IEC 7812-1 worked examples)', () => {
    expect(luhnCheckDigit('7992739871')).toBe('3');
    expect(luhnCheckDigit('453201511283036')).toBe('6');
  });

  it('builds 12-digit barcodes from the day and the sequence, and catches single-digit and swap errors', () => {
    const code = makeBarcode('20261207', 42);
    expect(code).toMatch(/^26120700042\d$/);
    expect(barcodeCheck(code)).toBe('ok');
    for (let i = 0; i < 12; i++) {
      const wrong = code.slice(0, i) + ((Number(code[i]) + 5) % 10) + code.slice(i + 1);
      expect(barcodeCheck(wrong)).toBe('bad-check-digit');
    }
    const swapped = code.slice(0, 7) + code[8] + code[7] + code.slice(9);
    if (swapped !== code) expect(barcodeCheck(swapped)).toBe('bad-check-digit');
    expect(barcodeCheck('ABC')).toBe('not-a-barcode');
    expect(() => makeBarcode('20261207', 100_000)).toThrow(RangeError);
  });
});

describe('specimen status transitions', () => {
  it('goes forward along the path (skipping steps), into rejected only before results, back only when allowed', () => {
    expect(transitionAllowed('registered', 'collected')).toBe(true);
    expect(transitionAllowed('registered', 'received')).toBe(true);
    expect(transitionAllowed('received', 'collected')).toBe(false);
    expect(transitionAllowed('received', 'received')).toBe(false);
    for (const from of SPECIMEN_STATUSES) {
      expect(transitionAllowed(from, 'rejected')).toBe(['registered', 'collected', 'received', 'in-test'].includes(from));
      if (from !== 'rejected') expect(transitionAllowed('rejected', from)).toBe(false);
    }
    expect(transitionAllowed('reviewed', 'resulted', true)).toBe(true);
    expect(transitionAllowed('rejected', 'received', true)).toBe(true);
  });
});

describe('order imports', () => {
  it('reads CSV with quotes, doubled quotes, line breaks in quotes and CRLF, skipping blank lines', () => {
    expect(parseCsv('a,b\r\n"1,2","say ""hi"""\r\n\r\n"x\ny",z\n')).toEqual([
      { row: 1, cells: ['a', 'b'] },
      { row: 2, cells: ['1,2', 'say "hi"'] },
      { row: 4, cells: ['x\ny', 'z'] },
    ]);
  });

  it('maps Chinese and English headers and names what is missing or unknown', () => {
    expect([...mapHeader(['病历号', '检验组合', 'Ward']).columns.values()]).toEqual(['mrn', 'panels', 'ward']);
    const bad = mapHeader(['姓名', '检验项目名称']);
    expect(bad.issues.flatMap((i) => i.expression)).toEqual(['header[2]', 'header', 'header']);
  });
});

describe('labels', () => {
  it('prints ages in years, months or days (China date)', () => {
    const at = new Date('2026-12-07T02:00:00Z'); // 10:00 in Beijing
    expect(ageText('1969-10-21', at)).toBe('57岁');
    expect(ageText('2026-09-01', at)).toBe('3月');
    expect(ageText('2026-12-01', at)).toBe('6天');
    expect(ageText(undefined, at)).toBe('');
  });
});
