export { STX, ETX, EOT, ENQ, ACK, NAK, ETB, CR, LF } from './control-characters.ts';
export { encodeFrame, decodeFrame, frameChecksum, MAX_FRAME_TEXT, type DecodedFrame } from './frame.ts';
export { buildMessageFrames, type FrameMode } from './message-frames.ts';
export { FrameReader, type ReaderEvent } from './frame-reader.ts';
export { AstmLink, type AstmLinkPhase } from './link.ts';
export type { AstmLinkOptions, AstmRole } from './link-options.ts';
export { AstmLinkError } from './errors.ts';
export { DEFAULT_ASTM_DELIMITERS, delimitersFromHeader, type AstmDelimiters } from './delimiters.ts';
export { escapeAstm, unescapeAstm } from './escape.ts';
export { AstmRecord, type AstmFieldValue } from './record.ts';
export { formatAstmDate, parseAstmDate, type AstmDateOptions } from './date.ts';
export type { AstmTestId } from './records-test-id.ts';
export { readHeader, buildHeader, type AstmHeader, type AstmHeaderInput } from './records-header.ts';
export { readPatient, buildPatient, type AstmPatient, type AstmPatientInput } from './records-patient.ts';
export { readOrder, buildOrder, type AstmOrder, type AstmOrderInput, type AstmPriority, type AstmActionCode, type AstmReportType } from './records-order.ts';
export { readResult, buildResult, type AstmResult, type AstmResultInput, type AstmAbnormalFlag, type AstmResultStatus } from './records-result.ts';
export { readQuery, buildQuery, type AstmQuery, type AstmQueryInput, type AstmRequestStatus } from './records-query.ts';
export { readComment, buildComment, type AstmComment, type AstmCommentInput } from './records-comment.ts';
export { readTerminator, buildTerminator, type AstmTerminator, type AstmTerminationCode } from './records-terminator.ts';
export { buildManufacturerRecord } from './records-manufacturer.ts';
export {
  parseAstmMessage,
  encodeAstmMessage,
  groupAstmMessage,
  type AstmMessage,
  type AstmMessageTree,
  type AstmPatientEntry,
  type AstmOrderEntry,
  type AstmResultEntry,
} from './message.ts';
