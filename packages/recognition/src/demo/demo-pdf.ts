/**
 * A small one-page PDF of a demonstration report, built in code: the print package's renderer is a library for
 * the server, not a module service, and a demo needs no embedded font. The Chinese text uses the PDF standard
 * CJK font STSong-Light (Adobe-GB1, UCS-2 encoded, not embedded), which PDF viewers substitute with a system font.
 */
export function demoReportPdf(title: string, lines: string[]): Buffer {
  const text = (s: string) => `<${[...s].map((c) => c.charCodeAt(0).toString(16).padStart(4, '0')).join('')}>`;
  const content = [
    'BT',
    `/F1 18 Tf 56 770 Td ${text(title)} Tj`,
    '/F1 11 Tf',
    ...lines.map((line, i) => `0 ${i === 0 ? -36 : -20} Td ${text(line)} Tj`),
    '/F1 9 Tf',
    `0 -40 Td ${text('演示数据，非真实病历 / Demonstration data, not a real record')} Tj`,
    'ET',
  ].join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>',
    // CIDs 1–95 are the proportional Latin glyphs of Adobe-GB1: half width, so ASCII is not spread out.
    '<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 7 0 R /DW 1000 /W [1 95 500] >>',
    '<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>',
  ];
  return assemblePdf(objects);
}

/** A PDF file from its numbered objects (object 1 the catalog): header, bodies, the xref table, trailer, %%EOF. */
export function assemblePdf(objects: string[]): Buffer {
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
