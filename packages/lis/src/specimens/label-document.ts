import { barcodePng, type TDocumentDefinitions } from '@medunion/print';
import type { LabelLayout } from '../contracts/specimens.ts';

/** What one tube label shows. */
export interface LabelData {
  barcode: string;
  patientName: string;
  /** 男 45岁 */
  sexAge: string;
  /** 住院 内科 12床 */
  where: string;
  tubeName: string;
  capColourName: string;
  capColourHex: string;
  panels: string[];
  stat: boolean;
  reprint: boolean;
}

const MM = 72 / 25.4;
/** A4 sheet of 3 × 8 labels, 70 × 37 mm each (the common self-adhesive sheet). */
const SHEET = { columns: 3, rows: 8, width: 70 * MM, height: 37 * MM, top: 1.5 * MM };
/** Single label for thermal label printers: 50 × 30 mm. */
const SINGLE = { width: 50 * MM, height: 30 * MM, margin: 2 * MM };

type Node = Record<string, unknown>;

function swatch(hex: string): Node {
  return { canvas: [{ type: 'rect', x: 0, y: 1, w: 7, h: 7, color: hex, lineColor: '#000000', lineWidth: 0.5 }], width: 9 };
}

/** The content of one label, `width` points wide. */
async function labelContent(l: LabelData, width: number, compact: boolean): Promise<Node[]> {
  const png = await barcodePng({ bcid: 'code128', text: l.barcode, scale: 2, height: compact ? 7 : 8, includeText: false });
  const small = compact ? 5.5 : 6.5;
  return [
    {
      columns: [
        { text: [{ text: l.patientName, bold: true, fontSize: compact ? 8 : 9 }, { text: `  ${l.sexAge}`, fontSize: small }], width: '*' },
        ...(l.stat ? [{ text: '急', bold: true, color: '#D32F2F', fontSize: compact ? 8 : 9, width: 'auto' }] : []),
        ...(l.reprint ? [{ text: '补', fontSize: small, color: '#555555', width: 'auto', margin: [2, 0, 0, 0] }] : []),
      ],
    },
    { image: `data:image/png;base64,${png.toString('base64')}`, width: width * 0.86, height: compact ? 22 : 26, alignment: 'center', margin: [0, 1, 0, 0] },
    { text: l.barcode, alignment: 'center', fontSize: compact ? 6.5 : 7.5, characterSpacing: 1 },
    { columns: [swatch(l.capColourHex), { text: `${l.capColourName} ${l.tubeName}`, fontSize: small, width: '*' }] },
    { text: l.panels.join('、'), fontSize: small, maxHeight: compact ? 8 : 16 },
    ...(compact ? [] : [{ text: l.where, fontSize: small }]),
    { text: '采集时间：____月____日 ____:____', fontSize: small },
  ];
}

/**
 * The label PDF (pdfmake definition): Code 128 barcode with its digits, patient, sex and age, tube and cap colour
 * (a colour swatch and its name), panels, a collection-time field, 急 for stat and 补 for a re-print. `sheet`: A4
 * sheets of 24 labels; `single`: one 50 × 30 mm label per page.
 */
export async function labelDocument(labels: LabelData[], layout: LabelLayout): Promise<TDocumentDefinitions> {
  if (layout === 'single') {
    const content: Node[] = [];
    for (const [i, l] of labels.entries()) content.push({ stack: await labelContent(l, SINGLE.width - 2 * SINGLE.margin, true), ...(i ? { pageBreak: 'before' } : {}) });
    return { pageSize: { width: SINGLE.width, height: SINGLE.height }, pageMargins: [SINGLE.margin, SINGLE.margin, SINGLE.margin, SINGLE.margin], content, info: { title: '标本条码' } } as unknown as TDocumentDefinitions;
  }
  const perPage = SHEET.columns * SHEET.rows;
  const content: Node[] = [];
  for (const [i, l] of labels.entries()) {
    const slot = i % perPage;
    if (slot === 0 && i) content.push({ text: '', pageBreak: 'before' });
    const x = (slot % SHEET.columns) * SHEET.width + 3 * MM;
    const y = SHEET.top + Math.floor(slot / SHEET.columns) * SHEET.height + 2 * MM;
    // A one-cell table fixes the label's width, so its columns and wrapping stay inside the label.
    content.push({ table: { widths: [SHEET.width - 6 * MM], body: [[{ stack: await labelContent(l, SHEET.width - 6 * MM, false) }]] }, layout: 'noBorders', absolutePosition: { x, y } });
  }
  return { pageSize: 'A4', pageMargins: [0, 0, 0, 0], content, info: { title: '标本条码' } } as unknown as TDocumentDefinitions;
}
