import { FhirError, type ModuleContext, type RequestContext } from '@medunion/kernel';
import { createLabOrder } from '../orders/create.ts';
import { receiveSpecimens } from '../specimens/receive.ts';
import { recordResults } from './record.ts';
import { reviewReport } from './review/review.ts';
import { type LabCaller } from '../http/caller.ts';

const LAB = 'lead-hospital';

interface DemoCase {
  requisition: string;
  patient: string;
  panel: string;
  department: string;
  results: [test: string, value: string][];
  review: boolean;
}

/**
 * Demo cases of the lead hospital's laboratory (after the catalogue demo; orders and tubes through the specimens
 * area's own functions): 张三丰's glucose and electrolytes reviewed and released, 李秀英's blood count and 孙丽华's
 * electrolytes (a critical potassium, its notice open) waiting for review. Entered by the demo technician 孙伟.
 */
const CASES: DemoCase[] = [
  { requisition: 'DEMO-LIS-R1', patient: 'demo-p1', panel: 'FBG', department: 'nk', results: [['GLU', '6.8']], review: true },
  { requisition: 'DEMO-LIS-R2', patient: 'demo-p1', panel: 'ELEC', department: 'nk', results: [['NA', '139.2'], ['K', '4.21'], ['CL', '101.0'], ['CA', '2.31'], ['HCO3', '24.6']], review: true },
  {
    requisition: 'DEMO-LIS-R3',
    patient: 'demo-p2',
    panel: 'CBC',
    department: 'wk',
    results: [['WBC', '11.62'], ['NEUT%', '78.4'], ['LYMPH%', '15.2'], ['MONO%', '5.1'], ['EO%', '1.0'], ['BASO%', '0.3'], ['RBC', '4.21'], ['HGB', '126'], ['HCT', '38.1'], ['MCV', '90.5'], ['MCH', '29.9'], ['MCHC', '331'], ['PLT', '243']],
    review: false,
  },
  { requisition: 'DEMO-LIS-R4', patient: 'demo-p6', panel: 'ELEC', department: 'nk', results: [['NA', '136.8'], ['K', '6.52'], ['CL', '99.4'], ['CA', '2.20'], ['HCO3', '21.3']], review: false },
];

/** The demo technician as a signed-in caller (so review records a person, as at the bench). */
async function technician(ctx: ModuleContext): Promise<LabCaller | undefined> {
  const user = await ctx.auth.getUser({ username: 'lead.lab' });
  if (!user) return undefined;
  const principal = await ctx.auth.principalFor('user', user.id, LAB);
  return { principal, institution: LAB, request: { principal, interface: 'internal' } };
}

export async function seedResultsDemo(ctx: ModuleContext): Promise<void> {
  const caller = await technician(ctx);
  if (!caller) return; // no demo region users: nothing to attach the demo to
  const request: RequestContext = caller.request;
  for (const c of CASES) {
    const order = await createLabOrder(ctx, request, LAB, { patient: { id: c.patient }, requisition: c.requisition, panels: [c.panel], department: c.department, requester: 'demo-lead-doctor', patientType: '1', accession: true, confirmDuplicates: true });
    if (order.outcome === 'existing' || !order.specimens?.length) continue; // seeded by an earlier run
    const specimen = order.specimens[0];
    await receiveSpecimens(ctx, request, LAB, [specimen.barcode]);
    const recorded = await recordResults(ctx, request, { institution: LAB, specimenId: specimen.id, source: 'manual', results: c.results.map(([testCode, value]) => ({ testCode, value })) });
    if (c.review && recorded.report) {
      try {
        await reviewReport(ctx, caller, recorded.report.id);
      } catch (err) {
        if (!(err instanceof FhirError)) throw err;
        ctx.log.warn({ requisition: c.requisition, err: err.message }, 'lis results demo: report left for review');
      }
    }
  }
}
