// Declarations for the parts of fontkit (a pdfkit dependency, also ours) and pdfmake the printing service uses.
declare module 'fontkit' {
  export interface Font {
    readonly postscriptName: string;
    readonly familyName: string;
    hasGlyphForCodePoint(codePoint: number): boolean;
    getGlyph(id: number): { advanceWidth: number };
    createSubset(): unknown;
  }
  export function create(buffer: Uint8Array, postscriptName?: string): Font;
}

// pdfmake's document class (a pdfkit subclass); its font provider is wrapped in render.ts.
declare module 'pdfmake/js/PDFDocument.js' {
  const PDFDocument: { prototype: unknown; default?: { prototype: unknown } };
  export default PDFDocument;
}
