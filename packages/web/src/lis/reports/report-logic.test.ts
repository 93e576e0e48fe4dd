import { describe, expect, it } from 'vitest';
import type { ReportTemplate } from '@medunion/lis/contracts';
import { defaultTemplateOptions, printable, reportQuery, reportState, signatureProblem, templateBody, templateFor, templateRows, verifyPageUrl, willReprint, withPageSize } from './report-logic.ts';

const template = (section: string, version: number, pageSize: 'A4' | 'A5' | 'B5'): ReportTemplate => ({
  institution: 'lead-hospital',
  section,
  version,
  options: defaultTemplateOptions(pageSize),
  createdBy: '钱立新',
  createdAt: '2026-12-07T08:00:00Z',
});

describe('print centre', () => {
  it('sends only the filters given, trimmed, with printed as text', () => {
    expect(reportQuery({ patientName: ' 张三 ', inpatientNo: '', doctor: '  ', from: '2026-12-01', to: '2026-12-07', printed: false, status: 'released', count: 50, offset: 0 })).toEqual({
      instrument: undefined,
      patientName: '张三',
      inpatientNo: undefined,
      patient: undefined,
      from: '2026-12-01',
      to: '2026-12-07',
      department: undefined,
      doctor: undefined,
      section: undefined,
      number: undefined,
      status: 'released',
      printed: 'false',
      count: 50,
      offset: undefined,
    });
    expect(reportQuery({ printed: true, offset: 100 })).toMatchObject({ printed: 'true', offset: 100 });
  });

  it('names the state lists mark: incomplete, not reviewed, reviewed, printed, recalled', () => {
    expect(reportState({ status: 'partial', printedCount: 0 })).toBe('incomplete');
    expect(reportState({ status: 'preliminary', printedCount: 0 })).toBe('pending');
    expect(reportState({ status: 'final', printedCount: 0 })).toBe('released');
    expect(reportState({ status: 'corrected', printedCount: 2 })).toBe('printed');
    expect(reportState({ status: 'entered-in-error', printedCount: 1 })).toBe('recalled');
  });

  it('prints released reports only; a printed one prints again as 补打', () => {
    expect(printable([{ status: 'final' }, { status: 'corrected' }])).toBe(true);
    expect(printable([{ status: 'final' }, { status: 'preliminary' }])).toBe(false);
    expect(printable([])).toBe(false);
    expect(willReprint({ printedCount: 1 })).toBe(true);
    expect(willReprint({ printedCount: 0 })).toBe(false);
  });

  it('links the public verification page of a code', () => {
    expect(verifyPageUrl('ABCD-EFGH JKMN')).toBe('/api/lis/reports/verify/ABCD-EFGH%20JKMN/page');
  });
});

describe('report templates', () => {
  it('shows the all-sections template first, the built-in default until one is saved', () => {
    const rows = templateRows([template('chemistry', 2, 'A5')], 'lead-hospital');
    expect(rows.map((r) => [r.section, r.version])).toEqual([
      ['', 0],
      ['chemistry', 2],
    ]);
    expect(templateRows([template('chemistry', 2, 'A5'), template('', 3, 'B5')], 'x').map((r) => r.section)).toEqual(['', 'chemistry']);
  });

  it('finds a section’s paper: its own template, else the all-sections one, else A4', () => {
    const saved = [template('chemistry', 2, 'A5'), template('', 1, 'B5')];
    expect(templateFor(saved, 'chemistry').pageSize).toBe('A5');
    expect(templateFor(saved, 'clinical').pageSize).toBe('B5');
    expect(templateFor([], 'clinical').pageSize).toBe('A4');
  });

  it('moves the two-column threshold with the paper unless the user changed it', () => {
    const a4 = defaultTemplateOptions('A4');
    expect(withPageSize(a4, 'A5').doubleColumnAbove).toBe(10);
    expect(withPageSize({ ...a4, doubleColumnAbove: 14 }, 'A5').doubleColumnAbove).toBe(14);
  });

  it('saves trimmed texts and leaves blank optional ones out', () => {
    const body = templateBody({ ...defaultTemplateOptions('A5'), title: ' 检验报告单 ', subtitle: '  ', footerNote: ' 仅对本标本负责 ' });
    expect(body.title).toBe('检验报告单');
    expect('subtitle' in body).toBe(false);
    expect(body.footerNote).toBe('仅对本标本负责');
  });

  it('accepts PNG and JPEG signatures up to 1 MB', () => {
    expect(signatureProblem({ type: 'image/png', size: 20_000 })).toBeUndefined();
    expect(signatureProblem({ type: 'image/jpeg', size: 1024 * 1024 })).toBeUndefined();
    expect(signatureProblem({ type: 'image/gif', size: 100 })).toBe('type');
    expect(signatureProblem({ type: 'image/png', size: 1024 * 1024 + 1 })).toBe('size');
  });
});
