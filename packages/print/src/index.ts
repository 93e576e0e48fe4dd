export { renderPdf, MAX_PAGES, type RenderOptions } from './render.ts';
export { barcodePng, checkBarcodeOptions, BARCODE_TYPES, type BarcodeOptions, type BarcodeType } from './barcode.ts';
export { expandBarcodes, MAX_BARCODES } from './expand-barcodes.ts';
export { checkDocument, MAX_DOCUMENT_BYTES } from './check-document.ts';
export { expandPagePlaceholders, PAGE_PLACEHOLDERS } from './page-placeholders.ts';
export { CJK_FONT, LATIN_FONT, FONT_NAMES } from './fonts.ts';
export { PrintDocumentError } from './errors.ts';
export type { TDocumentDefinitions } from 'pdfmake/interfaces.js';
