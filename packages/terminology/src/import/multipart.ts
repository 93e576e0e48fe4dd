import { badRequest } from '@medunion/kernel';

export interface MultipartFile {
  field: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

export interface MultipartBody {
  fields: Record<string, string>;
  files: MultipartFile[];
}

const CRLF = Buffer.from('\r\n');

/** Parses a multipart/form-data body (RFC 7578): text fields and file parts. */
export function parseMultipart(body: Buffer, contentType: string): MultipartBody {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (!m) throw badRequest('multipart/form-data without a boundary', 'content-type');
  const boundary = Buffer.from(`--${m[1] ?? m[2]}`);
  const delimiter = Buffer.concat([CRLF, boundary]);
  const result: MultipartBody = { fields: {}, files: [] };
  let pos = body.indexOf(boundary);
  if (pos < 0) throw badRequest('The multipart body does not contain its boundary', 'body');
  for (;;) {
    pos += boundary.length;
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) return result; // "--": the closing delimiter
    if (body[pos] === 0x0d && body[pos + 1] === 0x0a) pos += 2;
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    const next = headerEnd < 0 ? -1 : body.indexOf(delimiter, headerEnd + 4);
    if (headerEnd < 0 || next < 0) throw badRequest('The multipart body is truncated', 'body');
    const headers = body.subarray(pos, headerEnd).toString('utf8');
    const data = body.subarray(headerEnd + 4, next);
    const disposition = /content-disposition:([^\r\n]*)/i.exec(headers)?.[1] ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
    if (!name) throw badRequest('A multipart part has no name', 'body');
    if (filename !== undefined) {
      result.files.push({ field: name, filename, contentType: /content-type:\s*([^\r\n;]*)/i.exec(headers)?.[1]?.trim(), data: Buffer.from(data) });
    } else {
      result.fields[name] = data.toString('utf8');
    }
    pos = next + CRLF.length;
  }
}
