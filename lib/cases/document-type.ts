/**
 * Documents larger than this are refused (the upload route stops reading past it). It stays
 * under the 10 MB that Next.js buffers of a request body for the proxy (a larger body would
 * reach the route cut short).
 */
export const DOCUMENT_MAX_BYTES = 8 * 1024 * 1024;

export type DocumentType = { contentType: string; label: string; extension: string };

const PDF: DocumentType = { contentType: 'application/pdf', label: 'PDF', extension: 'pdf' };

/** Office Open XML and OpenDocument files are ZIP containers; the part names say which kind. */
const ZIP_KINDS: { marker: string; type: DocumentType }[] = [
  { marker: 'word/', type: { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', label: 'Word', extension: 'docx' } },
  { marker: 'xl/', type: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', label: 'Excel', extension: 'xlsx' } },
  { marker: 'ppt/', type: { contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', label: 'PowerPoint', extension: 'pptx' } },
  { marker: 'mimetypeapplication/vnd.oasis.opendocument.text', type: { contentType: 'application/vnd.oasis.opendocument.text', label: 'ODT', extension: 'odt' } },
  { marker: 'mimetypeapplication/vnd.oasis.opendocument.spreadsheet', type: { contentType: 'application/vnd.oasis.opendocument.spreadsheet', label: 'ODS', extension: 'ods' } },
  { marker: 'mimetypeapplication/vnd.oasis.opendocument.presentation', type: { contentType: 'application/vnd.oasis.opendocument.presentation', label: 'ODP', extension: 'odp' } },
];

/** The local file headers' names (ZIP signature PK\3\4, name length at 26, name at 30). */
function zipEntryNames(bytes: Uint8Array, limit = 64): string[] {
  const names: string[] = [];
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = view.indexOf('PK\u0003\u0004', 0, 'latin1');
  while (at >= 0 && names.length < limit && at + 30 <= view.length) {
    const nameLength = view.readUInt16LE(at + 26);
    const extraLength = view.readUInt16LE(at + 28);
    const name = view.toString('latin1', at + 30, Math.min(view.length, at + 30 + nameLength));
    names.push(name);
    // ODF stores its `mimetype` entry uncompressed first: keep its content with the name.
    if (name === 'mimetype') names.push(`mimetype${view.toString('latin1', at + 30 + nameLength + extraLength, at + 30 + nameLength + extraLength + 60)}`);
    at = view.indexOf('PK\u0003\u0004', at + 30 + nameLength, 'latin1');
  }
  return names;
}

/**
 * The document's type from its first bytes (magic numbers), never from its name or the
 * browser's claim: an executable renamed to .pdf is refused. PDF, and the office formats a
 * city publishes (Word, Excel, PowerPoint, OpenDocument); null for anything else.
 */
export function sniffDocumentType(bytes: Uint8Array): DocumentType | null {
  const head = Buffer.from(bytes.subarray(0, 8)).toString('latin1');
  if (head.startsWith('%PDF-')) return PDF;
  if (!head.startsWith('PK\u0003\u0004')) return null;
  const names = zipEntryNames(bytes);
  if (!names.includes('[Content_Types].xml') && !names.some((n) => n.startsWith('mimetype'))) return null;
  for (const kind of ZIP_KINDS) {
    if (names.some((name) => name.startsWith(kind.marker))) return kind.type;
  }
  return null;
}

/** The short name of a stored type, as the case page lists it. */
export function documentTypeLabel(contentType: string): string {
  if (contentType === PDF.contentType) return PDF.label;
  return ZIP_KINDS.find((kind) => kind.type.contentType === contentType)?.type.label ?? contentType;
}

/** A size in the units residents read (KB below 1 MB). */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))}KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)}MB`;
}
