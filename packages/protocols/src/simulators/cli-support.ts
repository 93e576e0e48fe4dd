import { readFileSync, realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { TrafficEvent } from '../transport/events.ts';
import { parseResultsFile, parseTestFlag, type SimulatedRun, type SimulatedSpecimen } from './specimens.ts';

/** Where a CLI writes: stdout for results (one JSON object per line), stderr for diagnostics. */
export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** True when the module at `moduleUrl` is the script node/tsx was started with. */
/** Runs a CLI's main function when its module is the script node was started with; its result is the exit code. */
export function runWhenMain(moduleUrl: string, main: (argv: string[]) => Promise<number>): void {
  if (!isMain(moduleUrl)) return;
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: Error) => {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    },
  );
}

/** Waits `--wait` milliseconds (results still in flight to a slow host), then closes the analyzer and its connection. */
export async function lingerAndClose(waitMs: number | undefined, ...closables: { close(): void }[]): Promise<void> {
  if (waitMs && waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
  for (const c of closables) c.close();
}

export function isMain(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return pathToFileURL(realpathSync(script)).href === moduleUrl;
  } catch {
    return false;
  }
}

/** Specimens from `--results file.json` and/or `--specimen ID --test CODE=VALUE[:UNIT[:FLAG]]…`. */
export function collectSpecimens(values: { results?: string; specimen?: string; test?: string[]; 'sample-number'?: string; histogram?: boolean }): SimulatedRun {
  const run: SimulatedRun = values.results ? parseResultsFile(readFileSync(values.results, 'utf8')) : { specimens: [] };
  if (values.specimen) {
    const specimen: SimulatedSpecimen = { specimenId: values.specimen, results: (values.test ?? []).map(parseTestFlag) };
    if (values['sample-number']) specimen.sampleNumber = values['sample-number'];
    run.specimens.push(specimen);
  } else if (values.test?.length) {
    throw new Error('--test needs --specimen');
  }
  if (values.histogram) run.specimens.forEach((s) => (s.histogram = true));
  return run;
}

export function numberOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number, got "${value}"`);
  return n;
}

export function numberList(values: string[] | undefined, name: string): number[] | undefined {
  return values?.map((v) => numberOption(v, name)!);
}

const CONTROL_NAMES: Record<number, string> = { 0x02: 'STX', 0x03: 'ETX', 0x04: 'EOT', 0x05: 'ENQ', 0x06: 'ACK', 0x0a: 'LF', 0x0b: 'VT', 0x0d: 'CR', 0x15: 'NAK', 0x17: 'ETB', 0x1c: 'FS' };

/** `<STX>1H|…<CR><ETX>5C<CR><LF>`: traffic made readable for `--trace`. */
export function formatTraffic(event: TrafficEvent): string {
  let text = '';
  for (const byte of event.bytes) {
    const name = CONTROL_NAMES[byte];
    if (name) text += `<${name}>`;
    else if (byte < 0x20 || byte === 0x7f) text += `<0x${byte.toString(16).padStart(2, '0')}>`;
    else text += String.fromCharCode(byte);
  }
  return `${event.at.toISOString()} ${event.direction === 'out' ? '->' : '<-'} ${text}`;
}
