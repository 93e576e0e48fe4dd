import { barcodePng, LATIN_FONT, type TDocumentDefinitions } from '@medunion/print';
import type { ReportTemplateOptions } from '../../contracts/results.ts';
import { formatVerifyCode } from '../verify/code.ts';
import { columnsFor, contentWidth, pageMargins, splitRows } from './layout.ts';
import type { ReportPrintData, ReportRow } from './print-data.ts';

type Content = TDocumentDefinitions['content'];
type Node = Exclude<Content, string | Content[]> | string;

const COLOURS = { red: '#c62828', blue: '#1565c0', purple: '#6a1b9a' } as const;
const GREY = '#555555';
// Glyphs the CJK font lacks (ARCHITECTURE §5a): the superscripts of ×10⁹/L and ×10¹²/L are set in the Latin font.
const LATIN_ONLY = /[⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻]+/g;

/** A unit as pdfmake text runs, the superscripts in the Latin fallback font. */
export function unitRuns(unit: string | undefined): Node {
  if (!unit) return '';
  const runs: Node[] = [];
  let last = 0;
  for (const m of unit.matchAll(LATIN_ONLY)) {
    if (m.index! > last) runs.push(unit.slice(last, m.index));
    runs.push({ text: m[0], font: LATIN_FONT });
    last = m.index! + m[0].length;
  }
  if (last < unit.length) runs.push(unit.slice(last));
  return runs.length === 1 && typeof runs[0] === 'string' ? runs[0] : { text: runs as never };
}

/** Beijing time without seconds, as reports print it. */
export const chinaTime = (iso: string | undefined): string => (iso ? new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ') : '');

const label = (name: string, value: string | undefined): Node => ({ text: [{ text: `${name}：`, color: GREY }, value ?? ''] as never });

function infoGrid(data: ReportPrintData, columns: number): Node {
  const cells: Node[] = [
    label('姓名', data.patient.name),
    label('性别', data.patient.sex),
    label('年龄', data.patient.age),
    label('病历号', data.patient.mrn),
    label('住院号', data.patient.inpatientNo),
    label('病人类型', data.patient.patientType),
    label('科别', data.department ?? data.patient.ward),
    label('床号', data.patient.bed),
    label('送检医生', data.doctor),
    label('标本类型', data.specimen.type),
    label('条码号', data.specimen.barcode),
    label('样本号', data.specimen.sampleNo),
    label('采样时间', chinaTime(data.specimen.collectedAt)),
    label('接收时间', chinaTime(data.specimen.receivedAt)),
    label('检验项目', data.panelNames.join('、')),
  ];
  const body: Node[][] = [];
  for (let i = 0; i < cells.length; i += columns) body.push([...cells.slice(i, i + columns), ...Array(Math.max(0, i + columns - cells.length)).fill('')]);
  return { table: { widths: Array(columns).fill('*'), body: body as never }, layout: 'noBorders', margin: [0, 2, 0, 2] } as Node;
}

function resultTable(rows: ReportRow[], startAt: number, twoColumns: boolean): Node {
  const header = ['', '项目', '结果', '单位', '参考范围'].map((text) => ({ text, bold: true, color: GREY }));
  const body = rows.map((r, i) => [
    { text: String(startAt + i + 1), color: GREY },
    { text: r.abbreviation ? [r.name, { text: ` ${r.abbreviation}`, color: GREY, fontSize: 7 }] : r.name },
    { text: r.symbol ? [r.value, ` ${r.symbol}`] : r.value, ...(r.colour ? { color: COLOURS[r.colour], bold: true } : {}) },
    unitRuns(r.unit),
    r.range ?? '',
  ]);
  const widths = twoColumns ? [12, '*', 46, 44, 54] : [16, '*', 80, 70, 100];
  return {
    table: { headerRows: 1, widths, body: [header, ...body] as never },
    layout: { hLineWidth: (i: number, node: { table: { body: unknown[] } }) => (i === 0 || i === 1 || i === node.table.body.length ? 0.6 : 0), vLineWidth: () => 0, paddingTop: () => 1.5, paddingBottom: () => 1.5 },
  } as Node;
}

const rule = (width: number): Node => ({ canvas: [{ type: 'line', x1: 0, y1: 0, x2: width, y2: 0, lineWidth: 0.8 }], margin: [0, 2, 0, 2] }) as Node;

/**
 * The pdfmake content of one report: header, patient and specimen, results in one or two columns, histograms,
 * people and signature, the QR code with its verification code, the footer note. A batch puts several of these in
 * one document, each starting a new page.
 */
export async function reportContent(data: ReportPrintData, options: ReportTemplateOptions, newPage: boolean): Promise<Node[]> {
  const width = contentWidth(options);
  const columns = columnsFor(data.rows.length, options);
  const parts = splitRows(data.rows, columns);
  const mark = data.draft ? '未审核' : data.reprint ? '补打' : '';
  const results: Node =
    columns === 1
      ? resultTable(parts[0], 0, false)
      : ({ columns: [resultTable(parts[0], 0, true), resultTable(parts[1], parts[0].length, true)], columnGap: 10 } as Node);
  const images: Node[] =
    options.showHistograms && data.images.length
      ? [{ columns: data.images.map((img) => ({ stack: [{ image: img.dataUri, fit: [width / 4 - 8, 70] }, { text: img.name, fontSize: 7, color: GREY, alignment: 'center' }], width: width / 4 })), margin: [0, 4, 0, 2] } as Node]
      : [];
  const people: Node = {
    stack: [
      label('检验者', data.performer),
      { columns: [{ ...(label('审核者', data.reviewer) as object), width: 'auto' }, ...(options.showSignature && data.signature ? [{ image: data.signature, fit: [70, 24], margin: [4, -6, 0, 0] }] : [])] },
      label('报告时间', chinaTime(data.reviewedAt)),
      label('报告单号', data.reportNo),
    ],
    width: '*',
  } as Node;
  const qr: Node[] =
    options.showQrCode && data.qrText && data.verifyCode
      ? [
          {
            width: 150,
            columns: [
              { image: `data:image/png;base64,${(await barcodePng({ bcid: 'qrcode', text: data.qrText, scale: 2 })).toString('base64')}`, width: 52 },
              { stack: [{ text: '扫码验证真伪', color: GREY, fontSize: 7 }, { text: `防伪码：${formatVerifyCode(data.verifyCode)}`, fontSize: 7 }], margin: [4, 8, 0, 0] },
            ],
          } as Node,
        ]
      : [];
  return [
    {
      columns: [
        { text: data.institutionName, fontSize: options.fontSize + 6, bold: true, alignment: 'center', width: '*' },
        { text: mark, color: COLOURS.red, bold: true, fontSize: options.fontSize + 3, alignment: 'right', width: 50 },
      ],
      ...(newPage ? { pageBreak: 'before' } : {}),
    } as Node,
    { text: `${options.title}${data.sectionName ? `（${data.sectionName}）` : ''}`, alignment: 'center', fontSize: options.fontSize + 3, margin: [0, 2, 0, 0] } as Node,
    ...(options.subtitle ? [{ text: options.subtitle, alignment: 'center', color: GREY } as Node] : []),
    rule(width),
    infoGrid(data, options.pageSize === 'A5' && options.orientation === 'portrait' ? 3 : 4),
    rule(width),
    results,
    ...images,
    rule(width),
    { columns: [people, ...qr], margin: [0, 2, 0, 2] } as Node,
    ...(options.footerNote ? [{ text: options.footerNote, fontSize: options.fontSize - 2, color: GREY } as Node] : []),
  ];
}

/** One PDF for one or more reports (batch printing), on the first report's page size and orientation. */
export async function reportsDocument(reports: { data: ReportPrintData; options: ReportTemplateOptions }[]): Promise<TDocumentDefinitions> {
  const first = reports[0].options;
  return {
    pageSize: first.pageSize,
    pageOrientation: first.orientation,
    pageMargins: pageMargins(first),
    info: { title: reports.length === 1 ? `检验报告 ${reports[0].data.reportNo}` : `检验报告 ${reports.length} 份`, producer: 'Medunion LIS' },
    defaultStyle: { fontSize: first.fontSize, lineHeight: 1.15 },
    content: (await Promise.all(reports.map((r, i) => reportContent(r.data, r.options, i > 0)))).flat() as Content,
  };
}
