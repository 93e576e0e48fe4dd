import { type Schema } from '../../http/schema.ts';

export const QC_TAGS = ['lis-qc'];
/** Reading QC (configuration, results, charts): the bench, the supervisor and statistics users. */
export const READ_QC = ['lis.qc.enter', 'lis.qc.manage', 'lis.stats'] as const;

export const institutionParam = { type: 'string', maxLength: 64, description: '机构（Organization id）；机构用户默认本机构，区域用户必填' } as const;
export const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } } as const;
export const code = (description: string): Schema => ({ type: 'string', minLength: 1, maxLength: 64, description });
export const text = (max: number, description: string): Schema => ({ type: 'string', minLength: 1, maxLength: max, description });

/**
 * A route's body schema as Fastify and OpenAPI see it: without `additionalProperties: false` at any depth, which
 * Fastify's validator would use to strip unknown fields silently — our own check names them instead.
 */
export function documented(schema: Schema): Schema {
  const { additionalProperties: _strict, properties, items, ...rest } = schema;
  return {
    ...rest,
    ...(properties ? { properties: Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, documented(v)])) } : {}),
    ...(items ? { items: documented(items) } : {}),
  };
}
