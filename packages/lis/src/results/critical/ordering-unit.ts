import type { Organization, Practitioner, PractitionerRole, Reference, ServiceRequest } from '@medplum/fhirtypes';
import type { ModuleContext, RequestContext, Unit } from '@medunion/kernel';
import { EXT } from '../../urls.ts';
import { DEPARTMENT_EXT } from '../codes.ts';

/** Who ordered a test, as far as the order says: the ward/department (Organization) and the requesting doctor. */
export interface OrderingUnit {
  department?: Reference;
  departmentName?: string;
  doctor?: Reference;
  doctorName?: string;
}

/**
 * The ordering department and doctor of a specimen's orders: the department extension (else the ward's; a reference
 * to the department, or its name) and `requester`. The first order that names them wins (one requisition, one ward).
 */
export function orderingUnitOf(orders: ServiceRequest[]): OrderingUnit {
  const unit: OrderingUnit = {};
  for (const o of orders) {
    const ward = o.extension?.find((e) => e.url === DEPARTMENT_EXT) ?? o.extension?.find((e) => e.url === EXT.ward);
    if (!unit.department && ward?.valueReference?.reference) unit.department = ward.valueReference;
    unit.departmentName ??= ward?.valueReference?.display ?? ward?.valueString ?? ward?.valueCoding?.display ?? ward?.valueCodeableConcept?.text;
    if (!unit.doctor && o.requester?.reference) unit.doctor = o.requester;
    unit.doctorName ??= o.requester?.display;
  }
  return unit;
}

/** The ordering unit with names read from the referenced department and doctor when the order gave none. */
export async function orderingUnitNamed(ctx: ModuleContext, request: RequestContext, unit: Unit | undefined, orders: ServiceRequest[]): Promise<OrderingUnit> {
  const found = orderingUnitOf(orders);
  const nameOf = async (ref: Reference | undefined): Promise<string | undefined> => {
    const [type, id] = ref?.reference?.split('/') ?? [];
    if (!id || !['Organization', 'Practitioner', 'PractitionerRole'].includes(type)) return undefined;
    const r = (await ctx.store.read(request, type, id, unit).catch(() => undefined)) as Organization | Practitioner | PractitionerRole | undefined;
    if (!r) return undefined;
    if (r.resourceType === 'Organization') return r.name;
    if (r.resourceType === 'Practitioner') return r.name?.[0]?.text ?? [r.name?.[0]?.family, ...(r.name?.[0]?.given ?? [])].filter(Boolean).join('');
    return r.practitioner?.display;
  };
  return {
    ...found,
    ...(!found.departmentName && found.department ? { departmentName: await nameOf(found.department) } : {}),
    ...(!found.doctorName && found.doctor ? { doctorName: await nameOf(found.doctor) } : {}),
  };
}
