/** A document the printer refuses; `path` names the offending part (`content[3].image`) for the caller's 400. */
export class PrintDocumentError extends Error {
  readonly path: string;

  constructor(message: string, path: string) {
    super(message);
    this.name = 'PrintDocumentError';
    this.path = path;
  }
}
