/** A message the link could not deliver; `code` says why (`frame-rejected`, `reply-timeout`, `busy`, `closed`, …). */
export class AstmLinkError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'AstmLinkError';
    this.code = code;
  }
}
