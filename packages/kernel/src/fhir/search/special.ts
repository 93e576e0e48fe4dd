import type { Resource } from '@medplum/fhirtypes';
import type { SqlParams } from '../../access/policy.ts';
import { badRequest } from '../errors.ts';
import type { IndexRows } from './extract.ts';
import { escapeLike } from './normalize.ts';
import type { Criterion } from './query.ts';

/**
 * The R4 special parameters: `near` (Location.position) and the text searches `_text` (narrative) and
 * `_content` (whole resource). Positions are indexed as two number rows of one group; the text searches
 * are a `:contains`-style match on the stored JSON, unindexed (they are not on any hot path).
 */
export function addPositionRows(resource: Resource, rows: IndexRows): void {
  if (resource.resourceType !== 'Location') return;
  const position = (resource as { position?: { latitude?: number; longitude?: number } }).position;
  if (typeof position?.latitude !== 'number' || typeof position.longitude !== 'number') return;
  rows.number.push({ param: 'near#lat', lo: position.latitude, hi: position.latitude, grp: 1 }, { param: 'near#long', lo: position.longitude, hi: position.longitude, grp: 1 });
}

const KM_PER_UNIT: Record<string, number> = { km: 1, m: 0.001, mi_us: 1.609344, '[mi_us]': 1.609344 };
const EARTH_RADIUS_KM = 6371.0088;

/** `near=latitude|longitude|distance|units` (distance defaults to 10 km): a bounding box on the index, then great-circle distance. */
export function nearSql(alias: string, criterion: Criterion, params: SqlParams): string {
  const alternatives = criterion.values.map((value) => {
    const [latS, longS, distS, unitsS] = value.split('|');
    const lat = Number(latS);
    const long = Number(longS);
    const distance = distS ? Number(distS) : 10;
    const units = unitsS || 'km';
    if (!Number.isFinite(lat) || !Number.isFinite(long) || Math.abs(lat) > 90 || Math.abs(long) > 180 || !Number.isFinite(distance) || distance < 0) {
      throw badRequest(`near must be latitude|longitude|distance|units, got "${value}"`, criterion.raw);
    }
    const perUnit = KM_PER_UNIT[units.replace(/^http:\/\/unitsofmeasure\.org\|/, '')];
    if (!perUnit) throw badRequest(`near: unsupported distance unit "${units}" (km, m, [mi_us])`, criterion.raw);
    const km = distance * perUnit;
    const dLat = (km / EARTH_RADIUS_KM) * (180 / Math.PI);
    const dLong = dLat / Math.max(Math.cos((lat * Math.PI) / 180), 1e-6);
    const p = (v: number) => `${params.add(v)}::float8`;
    return `exists (select 1 from sp_number la join sp_number lo on lo.rk = la.rk and lo.grp = la.grp and lo.param = 'near#long'
      where la.rk = ${alias}.rk and la.resource_type = 'Location' and la.param = 'near#lat'
      and la.lo between ${p(lat - dLat)} and ${p(lat + dLat)} and lo.lo between ${p(long - dLong)} and ${p(long + dLong)}
      and ${EARTH_RADIUS_KM} * 2 * asin(sqrt(power(sin(radians(la.lo::float8 - ${p(lat)}) / 2), 2)
        + cos(radians(${p(lat)})) * cos(radians(la.lo::float8)) * power(sin(radians(lo.lo::float8 - ${p(long)}) / 2), 2))) <= ${p(km)})`;
  });
  return alternatives.length === 1 ? alternatives[0] : `(${alternatives.join(' or ')})`;
}

/** `_text` (narrative) and `_content` (any text in the resource): case- and accent-insensitive contains. */
export function textSql(alias: string, criterion: Criterion, params: SqlParams): string {
  const source = criterion.code === '_text' ? `coalesce(${alias}.content->'text'->>'div', '')` : `${alias}.content::text`;
  const alternatives = criterion.values.map((v) => `lower(${source}) like ${params.add(`%${escapeLike(v.toLowerCase())}%`)}`);
  return alternatives.length === 1 ? alternatives[0] : `(${alternatives.join(' or ')})`;
}
