import type { FastifyInstance } from 'fastify';
import { badRequest, type ModuleContext } from '@medunion/kernel';
import { CodeSystemResolver } from '../concepts/resolver.ts';
import { importDictionary, type ImportOptions } from '../import/import-service.ts';
import { parseMultipart } from '../import/multipart.ts';
import { callerWith } from './request.ts';

/** Media types an upload may be sent as; the content decides between CSV and XLSX, not the label. */
const UPLOAD_TYPES = [
  'text/csv',
  'text/plain',
  'application/csv',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/octet-stream',
  'multipart/form-data',
];

const OPTION_KEYS = ['kind', 'institution', 'version', 'title'] as const;

/** `POST /api/terminology/import`: a dictionary (or the ICD-10 clinical edition) as CSV or XLSX, raw or multipart. */
export async function importRoute(app: FastifyInstance, ctx: ModuleContext): Promise<void> {
  // Only in this module's scope: elsewhere these media types stay refused (415).
  app.addContentTypeParser(UPLOAD_TYPES, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.post<{ Querystring: ImportOptions }>(
    '/import',
    {
      schema: {
        tags: ['terminology'],
        summary: 'Import a dictionary file (CSV in UTF-8 or GBK, or XLSX; columns code,name[,parent,definition,alias,mnemonic]) as a new CodeSystem version, all or nothing',
        querystring: {
          type: 'object',
          properties: {
            kind: { type: 'string', description: 'departments, staff-titles, lab-items, exam-items, instruments, units, methods, or icd10-clinical' },
            institution: { type: 'string', description: 'Owning institution id; "region" for a regional standard' },
            version: { type: 'string', maxLength: 64 },
            title: { type: 'string', maxLength: 200 },
          },
        },
      },
    },
    async (req, reply) => {
      const request = callerWith(req, 'terminology.manage');
      if (!Buffer.isBuffer(req.body)) throw badRequest('Send the file as the body (text/csv, .xlsx) or as multipart/form-data with a "file" part', 'body');
      let bytes: Buffer = req.body;
      const options: ImportOptions = { ...req.query };
      const contentType = String(req.headers['content-type'] ?? '');
      if (contentType.toLowerCase().startsWith('multipart/form-data')) {
        const form = parseMultipart(req.body, contentType);
        const file = form.files.find((f) => f.field === 'file') ?? form.files[0];
        if (!file) throw badRequest('The multipart body has no file part (name it "file")', 'file');
        bytes = file.data;
        for (const key of OPTION_KEYS) if (form.fields[key] !== undefined) options[key] = form.fields[key];
      }
      const result = await importDictionary(ctx, new CodeSystemResolver(ctx), request, bytes, options);
      return reply.status(201).send(result);
    },
  );
}
