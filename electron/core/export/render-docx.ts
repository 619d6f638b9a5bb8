/**
 * Word (.docx) export of a document model, with the `docx` library. The marking is in every page's
 * header and footer; the footer also carries the content hash and the page number.
 */
import {
  AlignmentType,
  Document,
  Footer,
  Header,
  HeadingLevel,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx'
import { contentHash, footerLine, MARKING, type DocBlock, type ExportDocument } from './document'

const FONT = 'Arial'

function blockChildren(b: DocBlock): (Paragraph | Table)[] {
  if (b.kind === 'paragraph') return [new Paragraph({ children: [new TextRun(b.text)], spacing: { after: 120 } })]
  if (b.kind === 'bullets') return b.items.map((item) => new Paragraph({ children: [new TextRun(item)], bullet: { level: 0 } }))
  const weights = b.widths ?? b.columns.map(() => 1)
  const total = weights.reduce((a, w) => a + w, 0)
  const pct = weights.map((w) => Math.floor((w / total) * 5000))
  const cell = (text: string, i: number, header: boolean) =>
    new TableCell({
      width: { size: pct[i] ?? 0, type: WidthType.PERCENTAGE },
      shading: header ? { type: ShadingType.CLEAR, color: 'auto', fill: 'E7E6E6' } : undefined,
      children: [new Paragraph({ children: [new TextRun({ text, bold: header })] })],
    })
  const rows = [
    new TableRow({ tableHeader: true, children: b.columns.map((c, i) => cell(c, i, true)) }),
    ...b.rows.map((r) => new TableRow({ cantSplit: true, children: b.columns.map((_c, i) => cell(r[i] ?? '', i, false)) })),
  ]
  return [new Table({ width: { size: 5000, type: WidthType.PERCENTAGE }, rows }), new Paragraph({ text: '' })]
}

/** The .docx bytes of a document. */
export async function renderDocx(doc: ExportDocument): Promise<Uint8Array> {
  const hash = contentHash(doc)
  const children: (Paragraph | Table)[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(doc.title)] }),
    ...doc.meta.map((m) => new Paragraph({ children: [new TextRun(m)] })),
  ]
  for (const s of doc.sections) {
    children.push(new Paragraph({ heading: s.level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2, children: [new TextRun(s.heading)] }))
    for (const b of s.blocks) children.push(...blockChildren(b))
  }
  const document = new Document({
    creator: 'Driftwatch',
    title: doc.title,
    description: `${MARKING}. Content hash ${hash}.`,
    styles: { default: { document: { run: { font: FONT, size: 21 } } } },
    sections: [
      {
        headers: {
          default: new Header({
            children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: MARKING, bold: true })] })],
          }),
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({ text: footerLine(hash), bold: false }),
                  new TextRun({ children: [' · page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES] }),
                ],
              }),
            ],
          }),
        },
        children,
      },
    ],
  })
  return new Uint8Array(await Packer.toBuffer(document))
}
