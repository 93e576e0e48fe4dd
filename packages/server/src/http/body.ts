import type { FastifyInstance } from 'fastify';
import { badRequest } from '@medunion/kernel';

const JSON_TYPES = ['application/fhir+json', 'application/json', 'application/json-patch+json'];

/** JSON bodies under the FHIR and JSON media types; malformed JSON is a 400 OperationOutcome naming the position. */
export function installBodyParsers(app: FastifyInstance): void {
  // Only JSON and forms: anything else (text/plain, XML…) is a 415, not a string handed to a route.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(JSON_TYPES, { parseAs: 'string' }, (_request, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(badRequest('Request body is empty'));
    let parsed: unknown;
    try {
      parsed = JSON.parse(text, mayHoldProto(text) ? rejectProto : undefined);
    } catch (err) {
      return done(err instanceof ProtoKeyError ? badRequest('"__proto__" and "constructor.prototype" are not allowed as JSON member names') : badRequest(`Malformed JSON: ${(err as Error).message}`));
    }
    done(null, parsed);
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
}

// Fastify's own JSON parser refuses "__proto__" members and "constructor": {"prototype": …} (prototype poisoning);
// replacing it must not lose that.
class ProtoKeyError extends Error {}

/** Cheap pre-check so the (slower) reviver runs only on bodies that could spell the keys, possibly \u-escaped. */
function mayHoldProto(text: string): boolean {
  return text.includes('__proto__') || text.includes('constructor') || text.includes('\\u');
}

function rejectProto(key: string, value: unknown): unknown {
  if (key === '__proto__') throw new ProtoKeyError();
  if (key === 'constructor' && value !== null && typeof value === 'object' && Object.hasOwn(value, 'prototype')) throw new ProtoKeyError();
  return value;
}
