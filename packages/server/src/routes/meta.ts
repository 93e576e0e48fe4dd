import type { FastifyInstance } from 'fastify';
import { notFound } from '@medunion/kernel';
import { describeElements } from './meta.elements.ts';

/**
 * Element metadata from the base R4 StructureDefinitions, for forms the web console generates
 * (labels, cardinality, types, reference targets, small code lists). Any signed-in user: it is the
 * published FHIR specification, not data.
 */
export async function metaRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { type: string } }>(
    '/api/meta/elements/:type',
    {
      schema: {
        tags: ['meta'],
        summary: 'Direct child elements of a FHIR resource type, complex type or backbone element path (表单元数据)',
        description:
          'Returns { type, kind: resource | complex-type, elements: [{ path, name, min, max, types: [{ code, targetProfiles? }], short?, definition?, binding?: { strength, valueSet?, codes? } }] }. ' +
          '`codes` are listed for required and extensible bindings of at most 100 codes. Backbone paths such as Patient.contact list their own children.',
        params: { type: 'object', properties: { type: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9]{0,63}(\\.[a-z][A-Za-z0-9]{0,63}){0,8}$' } } },
      },
    },
    async (req) => {
      const answer = describeElements(req.params.type);
      if (!answer) throw notFound(`${req.params.type} is not a FHIR R4 resource type, complex type or backbone element`);
      return answer;
    },
  );
}
