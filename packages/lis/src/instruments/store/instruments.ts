import type { Device } from '@medplum/fhirtypes';
import { FhirError, type ModuleContext } from '@medunion/kernel';
import type { Instrument, InstrumentInput } from '../../contracts/instruments.ts';
import { sid } from '../../urls.ts';
import { deviceInstitution, fromDevice, INSTRUMENT_TAG, INSTRUMENT_TAG_QUERY, toDevice, type InstrumentDevice } from '../model/device.ts';
import { normalizeInstrumentInput } from '../model/validate.ts';

/**
 * Instruments are Devices in the FHIR store, read and written as the module (system context) once the route has
 * checked the caller's LIS permission and institution: configuring an analyzer is an LIS operation
 * (`lis.instrument.manage`), whoever may or may not write Devices through the FHIR API.
 */
const isInstrument = (d: Device): boolean => !!d.meta?.tag?.some((t) => t.system === INSTRUMENT_TAG.system && t.code === INSTRUMENT_TAG.code);

async function search(ctx: ModuleContext, query: [string, string][]): Promise<InstrumentDevice[]> {
  const { resources } = await ctx.store.search(ctx.systemContext, 'Device', [['_tag', INSTRUMENT_TAG_QUERY], ['_count', '1000'], ...query]);
  return resources as InstrumentDevice[];
}

/** Every active instrument of every institution (the connection manager's view). */
export async function loadRunnableInstruments(ctx: ModuleContext): Promise<Instrument[]> {
  return (await search(ctx, [['status', 'active']])).map(fromDevice);
}

export async function listInstruments(ctx: ModuleContext, institution: string, filter: { active?: boolean; protocol?: string } = {}): Promise<Instrument[]> {
  const query: [string, string][] = [['organization', `Organization/${institution}`]];
  if (filter.active !== undefined) query.push(['status', filter.active ? 'active' : 'inactive']);
  return (await search(ctx, query))
    .map(fromDevice)
    .filter((i) => !filter.protocol || i.connection.protocol === filter.protocol)
    .sort((a, b) => a.code.localeCompare(b.code));
}

export async function readInstrumentDevice(ctx: ModuleContext, institution: string, id: string): Promise<InstrumentDevice> {
  const device = (await ctx.store.read(ctx.systemContext, 'Device', id).catch((error: unknown) => {
    if (error instanceof FhirError && (error.status === 404 || error.status === 410)) return undefined;
    throw error;
  })) as InstrumentDevice | undefined;
  if (!device || !isInstrument(device) || deviceInstitution(device) !== institution) {
    throw new FhirError(404, `仪器 ${id} 不存在 / instrument ${id} not found`, 'not-found', 'id');
  }
  return device;
}

export async function readInstrument(ctx: ModuleContext, institution: string, id: string): Promise<Instrument> {
  return fromDevice(await readInstrumentDevice(ctx, institution, id));
}

/**
 * A listening port is the machine's, not the institution's: two active server-mode instruments may not share
 * host:port (port 0 = any free port never clashes), nor two serial instruments a device path.
 */
async function assertNoClash(ctx: ModuleContext, input: InstrumentInput, selfId?: string): Promise<void> {
  if (input.active === false) return;
  const c = input.connection;
  const others = (await loadRunnableInstruments(ctx)).filter((i) => i.id !== selfId);
  if (c.mode === 'server' && c.port) {
    const clash = others.find((o) => o.connection.mode === 'server' && o.connection.port === c.port && sameHost(o.connection.host, c.host));
    if (clash) throw new FhirError(409, `端口 ${c.port} 已被仪器 ${clash.code} 使用 / port ${c.port} is already used by instrument ${clash.code}`, 'conflict', 'connection.port');
  }
  if (c.mode === 'serial' && c.serial?.path) {
    const clash = others.find((o) => o.connection.mode === 'serial' && o.connection.serial?.path === c.serial!.path);
    if (clash) throw new FhirError(409, `串口 ${c.serial.path} 已被仪器 ${clash.code} 使用 / serial port ${c.serial.path} is already used by instrument ${clash.code}`, 'conflict', 'connection.serial.path');
  }
}

const WILDCARD = new Set(['0.0.0.0', '::']);
function sameHost(a = '127.0.0.1', b = '127.0.0.1'): boolean {
  return a === b || WILDCARD.has(a) || WILDCARD.has(b);
}

export async function createInstrument(ctx: ModuleContext, institution: string, raw: InstrumentInput): Promise<Instrument> {
  const input = normalizeInstrumentInput(raw);
  await assertNoClash(ctx, input);
  const device = toDevice(input, institution);
  const written = await ctx.store.inUnit(ctx.systemContext, async (unit) => {
    const result = await ctx.store.createIn(unit, ctx.systemContext, device, {
      institution,
      ifNoneExist: new URLSearchParams({ identifier: `${sid.instrument(institution)}|${input.code}` }).toString(),
    });
    if (result.outcome === 'existing') throw new FhirError(409, `仪器代码 ${input.code} 已存在 / instrument code ${input.code} already exists`, 'duplicate', 'code');
    return result.resource as InstrumentDevice;
  });
  return fromDevice(written);
}

/** Replaces the configuration (PUT semantics); `ifMatch` (a version) guards against overwriting someone's edit. */
export async function updateInstrument(ctx: ModuleContext, institution: string, id: string, raw: InstrumentInput, ifMatch?: string): Promise<Instrument> {
  const input = normalizeInstrumentInput(raw);
  const current = await readInstrumentDevice(ctx, institution, id);
  await assertNoClash(ctx, input, id);
  if (fromDevice(current).code !== input.code) {
    const taken = (await search(ctx, [['identifier', `${sid.instrument(institution)}|${input.code}`]])).some((d) => d.id !== id);
    if (taken) throw new FhirError(409, `仪器代码 ${input.code} 已存在 / instrument code ${input.code} already exists`, 'duplicate', 'code');
  }
  const { resource } = await ctx.store.update(ctx.systemContext, toDevice(input, institution, id), { institution, ...(ifMatch ? { ifMatch } : {}) });
  return fromDevice(resource as InstrumentDevice);
}

/** 停用: the Device becomes inactive (its ledgers keep pointing at it); its connection closes. */
export async function deactivateInstrument(ctx: ModuleContext, institution: string, id: string): Promise<Instrument> {
  const current = fromDevice(await readInstrumentDevice(ctx, institution, id));
  if (!current.active) return current;
  const { resource } = await ctx.store.update(ctx.systemContext, toDevice({ ...current, active: false }, institution, id), { institution });
  return fromDevice(resource as InstrumentDevice);
}
