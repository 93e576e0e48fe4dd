/** Text that is not an HL7 v2 message (no MSH, bad encoding characters, unsupported charset, …). */
export class Hl7ParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Hl7ParseError';
  }
}
