import type { Duplex } from 'node:stream';
import type { InstrumentSerialSettings } from '../../contracts/instruments.ts';
import { nextConnectionNumber } from './runner.ts';
import type { Dial } from './dialer.ts';

/** The part of the `serialport` package used here (v13). */
interface SerialPortModule {
  SerialPort: new (options: { path: string; baudRate: number; dataBits?: 5 | 6 | 7 | 8; parity?: string; stopBits?: 1 | 1.5 | 2; autoOpen?: boolean }) => Duplex & {
    open(callback: (error: Error | null) => void): void;
  };
}

// A variable specifier keeps TypeScript and bundlers from requiring the (native, optional) package at build time.
const SERIALPORT = 'serialport';
let loaded: Promise<SerialPortModule> | undefined;

/** Loads `serialport` on first use, so the platform runs where it is not installed (no serial instruments there). */
function loadSerialport(): Promise<SerialPortModule> {
  loaded ??= (import(SERIALPORT) as Promise<SerialPortModule>).catch((error: Error) => {
    loaded = undefined;
    throw new Error(`串口支持未安装（npm install serialport）/ serial support is not installed (npm install serialport): ${error.message}`);
  });
  return loaded;
}

/** Opens a serial port as a byte stream (8N1 unless configured). */
export async function openSerialPort(settings: InstrumentSerialSettings): Promise<Duplex> {
  const { SerialPort } = await loadSerialport();
  const port = new SerialPort({
    path: settings.path,
    baudRate: settings.baudRate,
    dataBits: settings.dataBits ?? 8,
    parity: settings.parity ?? 'none',
    stopBits: settings.stopBits ?? 1,
    autoOpen: false,
  });
  await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
  return port;
}

/**
 * How serial ports are opened. Tests replace `open` with a function returning one end of an in-memory stream pair
 * (or a pty), which exercises everything above the device itself.
 */
export const serialTransport: { open: (settings: InstrumentSerialSettings) => Promise<Duplex> } = { open: openSerialPort };

export function serialDial(settings: InstrumentSerialSettings): Dial {
  return async () => ({ stream: await serialTransport.open(settings), name: `serial ${settings.path} #${nextConnectionNumber()}` });
}
