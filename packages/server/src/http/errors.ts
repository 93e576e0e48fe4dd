import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AuthError, FhirError } from '@medunion/kernel';
import type { OperationOutcome } from '@medplum/fhirtypes';

export function outcome(code: string, text: string, expression?: string): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'error', code: code as 'invalid', details: { text }, ...(expression ? { expression: [expression] } : {}) }],
  };
}

/** Every error leaves as a FHIR OperationOutcome with a fitting status; internals are never echoed. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | FhirError | AuthError, request, reply) => {
    if (err instanceof FhirError) return reply.status(err.status).type('application/fhir+json').send(err.outcome);
    if (err instanceof AuthError) {
      if (err.httpStatus === 401) reply.header('WWW-Authenticate', 'Bearer');
      return reply.status(err.httpStatus).type('application/fhir+json').send({ ...outcome(err.httpStatus === 423 ? 'lock-error' : 'login', err.message), error: err.code });
    }
    const e = err as FastifyError;
    if (e.validation) return reply.status(400).type('application/fhir+json').send(outcome('invalid', `Invalid request: ${e.message}`));
    if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return reply.status(415).type('application/fhir+json').send(outcome('not-supported', `Unsupported content type "${request.headers['content-type'] ?? ''}"; send application/fhir+json or application/json`));
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.status(413).type('application/fhir+json').send(outcome('too-costly', 'Request body is too large'));
    if (e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return reply.status(400).type('application/fhir+json').send(outcome('invalid', 'Request body is empty'));
    if (isBadValueForDb(err)) {
      // A request value the database cannot take (NUL character, impossible date, number out of range): the client's fault, not a 500.
      request.log.warn({ err }, 'request value rejected by the database');
      return reply.status(400).type('application/fhir+json').send(outcome('invalid', 'The request contains a value that cannot be stored or searched (for example a NUL character or an invalid date)'));
    }
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      return reply.status(e.statusCode).type('application/fhir+json').send(outcome('invalid', e.message));
    }
    request.log.error({ err }, 'unhandled error');
    return reply.status(500).type('application/fhir+json').send(outcome('exception', 'Internal server error'));
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).type('application/fhir+json').send(outcome('not-found', `No route for ${request.method} ${request.url.split('?')[0]}`)),
  );
}

/** Errors Fastify raises before routing (URL not decodable, path parameter too long), answered as OperationOutcomes too. */
export function frameworkErrors(err: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400;
  void reply.status(status).type('application/fhir+json').send(outcome('invalid', status === 414 ? 'A path segment of the URL is too long' : 'The URL is not valid'));
}

// SQLSTATEs of data exceptions caused by a parameter value (PostgreSQL and PGlite both expose `code`).
const BAD_VALUE_SQLSTATES = new Set(['22007', '22008', '22021', '22P05', '22P02', '22003']);

function isBadValueForDb(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && BAD_VALUE_SQLSTATES.has(code);
}
