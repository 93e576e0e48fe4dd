import type { Hl7HeaderInput } from './header.ts';
import { createMessage, replyHeader } from './header.ts';
import { hl7DateValue } from './date.ts';
import type { Hl7Message } from './message.ts';
import type { Hl7Coded } from './obx-values.ts';
import { copySegment, readWorklistQuery } from './query.ts';

/**
 * Where each item of a worklist sits among the DSP lines of a DSR^Q03 (DSP-1 = line number,
 * DSP-3 = data). DSR carries display lines, not fields, so each instrument family fixes its own
 * layout; `MINDRAY_BS_LAYOUT` is the one commonly configured on Mindray BS chemistry analyzers
 * (demographics on lines 1–28, one test per line from 29). Check the instrument's host interface
 * manual and pass another layout if it differs.
 */
export interface WorklistLayout {
  patientId: number;
  patientName: number;
  birthDate: number;
  sex: number;
  specimenId: number;
  sampleNumber: number;
  collectedAt: number;
  stat: number;
  specimenType: number;
  /** Lines before this one are demographic; each following line is one test (`code^name^…`). */
  firstTestLine: number;
}

export const MINDRAY_BS_LAYOUT: Readonly<WorklistLayout> = Object.freeze({
  patientId: 1, patientName: 3, birthDate: 4, sex: 5, specimenId: 21, sampleNumber: 22, collectedAt: 23, stat: 24, specimenType: 26, firstTestLine: 29,
});

export interface Worklist {
  specimenId: string;
  sampleNumber?: string;
  patientId?: string;
  patientName?: string;
  birthDate?: string;
  sex?: string;
  collectedAt?: Date | string;
  stat?: boolean;
  specimenType?: string;
  tests: Hl7Coded[];
}

export interface Hl7DsrInput {
  /** false → QAK-2 NF and no DSP lines. */
  found: boolean;
  worklist?: Worklist;
  layout?: WorklistLayout;
  header?: Hl7HeaderInput;
}

/** DSR^Q03 answering a QRY^Q02: MSA, QAK, the query's QRD/QRF echoed, DSP lines, DSC. */
export function buildDsrQ03(query: Hl7Message, input: Hl7DsrInput): Hl7Message {
  const message = createMessage(['DSR', 'Q03', 'DSR_Q03'], replyHeader(query, input.header));
  const asked = readWorklistQuery(query);
  message.addSegment('MSA', ['AA', query.controlId]);
  message.addSegment('QAK', [asked?.queryId || 'SR', input.found ? 'OK' : 'NF']);
  if (asked) copySegment(message, asked.qrd);
  if (asked?.qrf) copySegment(message, asked.qrf);
  if (input.found && input.worklist) {
    const lines = worklistLines(input.worklist, input.layout ?? MINDRAY_BS_LAYOUT);
    lines.forEach((components, i) => message.addSegment('DSP', [String(i + 1), undefined, components]));
  }
  message.addSegment('DSC');
  return message;
}

function worklistLines(worklist: Worklist, layout: WorklistLayout): string[][] {
  const lines: string[][] = Array.from({ length: layout.firstTestLine - 1 }, () => ['']);
  const put = (line: number, value: string | undefined): void => {
    if (value) lines[line - 1] = [value];
  };
  put(layout.patientId, worklist.patientId);
  put(layout.patientName, worklist.patientName);
  put(layout.birthDate, worklist.birthDate);
  put(layout.sex, worklist.sex);
  put(layout.specimenId, worklist.specimenId);
  put(layout.sampleNumber, worklist.sampleNumber);
  put(layout.collectedAt, hl7DateValue(worklist.collectedAt));
  put(layout.stat, worklist.stat === undefined ? undefined : worklist.stat ? 'Y' : 'N');
  put(layout.specimenType, worklist.specimenType);
  for (const test of worklist.tests) lines.push([test.code, test.text ?? '', test.codingSystem ?? '']);
  return lines;
}

export interface Hl7DsrContent {
  found: boolean;
  /** QAK-1 */ queryId: string;
  /** MSA-2: the control ID of the QRY answered. */ answersControlId: string;
  /** DSP-3 of each line, unescaped, by line number (DSP-1). */ lines: Map<number, string[]>;
  worklist: (Omit<Worklist, 'stat' | 'collectedAt'> & { stat: boolean; collectedAt: string }) | undefined;
}

/** Reads a DSR^Q03 with the given layout. */
export function readDsrQ03(message: Hl7Message, layout: WorklistLayout = MINDRAY_BS_LAYOUT): Hl7DsrContent {
  const lines = new Map<number, string[]>();
  message.segmentsNamed('DSP').forEach((dsp, i) => lines.set(Number(dsp.get(1)) || i + 1, dsp.components(3)));
  const line = (n: number): string => lines.get(n)?.[0] ?? '';
  const found = message.get('QAK-2') !== 'NF' && lines.size > 0;
  const tests = [...lines.entries()]
    .filter(([n, c]) => n >= layout.firstTestLine && (c[0] ?? '') !== '')
    .sort(([a], [b]) => a - b)
    .map(([, c]) => ({ code: c[0], ...(c[1] ? { text: c[1] } : {}), ...(c[2] ? { codingSystem: c[2] } : {}) }));
  return {
    found,
    queryId: message.get('QAK-1'),
    answersControlId: message.get('MSA-2'),
    lines,
    worklist: found
      ? {
          specimenId: line(layout.specimenId),
          sampleNumber: line(layout.sampleNumber),
          patientId: line(layout.patientId),
          patientName: line(layout.patientName),
          birthDate: line(layout.birthDate),
          sex: line(layout.sex),
          collectedAt: line(layout.collectedAt),
          stat: line(layout.stat) === 'Y',
          specimenType: line(layout.specimenType),
          tests,
        }
      : undefined,
  };
}
