/**
 * The text shown on each page of an uncompressed (`compress: false`) pdfkit PDF, in page order. pdfkit writes text
 * as glyph ids (`[<0004> 48 <00050006>] TJ`) of subset fonts; each font's ToUnicode map turns them back into
 * characters. Enough for pdfkit's own output (Identity-H fonts, `bfrange` arrays), not a general PDF reader.
 */
export function pdfPageTexts(pdf: Buffer): string[] {
  const raw = pdf.toString('latin1');
  const objects = new Map<string, string>();
  for (const m of raw.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) objects.set(m[1], m[2]);
  const object = (ref: string) => {
    const body = objects.get(ref);
    if (body === undefined) throw new Error(`object ${ref} missing`);
    return body;
  };
  const streamOf = (body: string) => /stream\r?\n([\s\S]*?)\r?\nendstream/.exec(body)?.[1] ?? '';
  const referenced = (body: string, key: string) => {
    const ref = new RegExp(`/${key} (\\d+) 0 R`).exec(body);
    if (!ref) throw new Error(`no indirect /${key}`);
    return object(ref[1]);
  };

  const root = [...objects.values()].find((b) => /\/Type \/Pages\b/.test(b) && !/\/Parent/.test(b));
  if (!root) throw new Error('no page tree');
  const kids = [.../\/Kids \[([^\]]*)\]/.exec(root)![1].matchAll(/(\d+) 0 R/g)].map((m) => m[1]);

  return kids.map((pageRef) => {
    const page = object(pageRef);
    const resources = referenced(page, 'Resources');
    const fonts = new Map<string, Map<number, string>>();
    for (const f of (/\/Font <<([\s\S]*?)>>/.exec(resources)?.[1] ?? '').matchAll(/\/(\w+) (\d+) 0 R/g)) {
      fonts.set(f[1], toUnicodeMap(streamOf(referenced(object(f[2]), 'ToUnicode'))));
    }
    const content = streamOf(referenced(page, 'Contents'));
    let font = new Map<number, string>();
    let text = '';
    for (const op of content.matchAll(/\/(\w+) [\d.]+ Tf|\[([^\]]*)\] TJ/g)) {
      if (op[1]) font = fonts.get(op[1]) ?? new Map();
      else for (const hex of op[2].matchAll(/<([0-9a-fA-F]+)>/g)) for (const code of hex[1].match(/.{4}/g) ?? []) text += font.get(parseInt(code, 16)) ?? '\ufffd';
    }
    return text;
  });
}

/** Glyph id → text, from the `beginbfrange` arrays pdfkit writes (`<0000> <000f> [<0000> <6b63> …]`). */
function toUnicodeMap(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const range of cmap.matchAll(/<([0-9a-f]+)> <[0-9a-f]+> \[([^\]]*)\]/gi)) {
    const start = parseInt(range[1], 16);
    [...range[2].matchAll(/<([0-9a-f]+)>/gi)].forEach((u, i) => {
      const units = u[1].match(/.{4}/g)!.map((h) => parseInt(h, 16));
      map.set(start + i, String.fromCharCode(...units));
    });
  }
  return map;
}
