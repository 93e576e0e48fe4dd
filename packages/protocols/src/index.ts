/**
 * @medunion/protocols — pure protocol codecs (no kernel imports, no npm dependencies):
 * ASTM E1381/E1394 (CLSI LIS1-A / LIS2-A2), HL7 v2 with MLLP, and instrument simulators.
 * Subpaths `@medunion/protocols/astm`, `/hl7v2` and `/simulators` export the same by area.
 */
export * from './astm/index.ts';
export * from './hl7v2/index.ts';
export * from './simulators/index.ts';
export { textCodec, type TextCodec } from './text/charset.ts';
export type { LinkLogEntry, TrafficEvent, LogListener, TrafficListener } from './transport/events.ts';
