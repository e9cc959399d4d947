/**
 * The body of a push is read as bytes, after the guards: its SHA-256 is what makes two pushes the
 * same, a bundle is read by the source's own streaming reader (not parsed whole into an object),
 * and its size is bounded by the source's `limits.maxFileBytes`, which only the route knows — so the
 * API's JSON and form parsers leave push requests alone (`parsedUnlessPush`), and a stranger's body
 * is never read at all: the access guard refuses the request first.
 */
import type { IncomingMessage } from 'node:http';
import type { PushedFormat } from '../../infra/adapters/push/pushed-message.js';

const PUSH_PATH = /^\/api\/sources\/[^/?#]+\/push\/?(?:[?#].*)?$/;

export function isPushRequest(req: Pick<IncomingMessage, 'method' | 'url'>): boolean {
  return req.method === 'POST' && PUSH_PATH.test(req.url ?? '');
}

/** The media type of the request without its parameters (`application/json`), lower case; null when none. */
export function mediaTypeOf(req: Pick<IncomingMessage, 'headers'>): string | null {
  const header = req.headers['content-type'];
  if (header === undefined) return null;
  const essence = header.split(';')[0].trim().toLowerCase();
  return essence === '' ? null : essence;
}

/** The body parsers' `type` test: their media type, on any request but a push. */
export function parsedUnlessPush(mediaType: string): (req: IncomingMessage) => boolean {
  return (req) => !isPushRequest(req) && mediaTypeOf(req) === mediaType;
}

/** What a push's media type says it holds: JSON is a bundle, XML an edXML message. */
export function pushedFormatOfMedia(mediaType: string | null): PushedFormat | null {
  if (mediaType === null) return null;
  if (mediaType === 'application/json' || mediaType.endsWith('+json')) return 'bundle';
  if (mediaType === 'application/xml' || mediaType === 'text/xml' || mediaType.endsWith('+xml'))
    return 'edxml';
  return null;
}

/** The media types a push of each format may be sent as, for the refusal that names them. */
export const PUSH_MEDIA_TYPES: Record<PushedFormat, string> = {
  bundle: 'application/json',
  edxml: 'application/xml',
};

/**
 * The whole body, or `too_large` as soon as it passes `limit` bytes; what follows is discarded, not
 * kept (the answer closes the connection). A declared Content-Length over the limit is refused
 * before any byte is read.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too_large'> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve('too_large');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      over = true;
      chunks.length = 0;
      resolve('too_large');
    });
    let ended = false;
    req.on('end', () => {
      ended = true;
      if (!over) resolve(Buffer.concat(chunks, size));
    });
    // The client went away mid-body: nothing to push (settled already when it ended or was too large).
    req.on('close', () => {
      if (!ended && !over) reject(new Error('the client closed the connection before the body ended'));
    });
    req.on('error', (error) => {
      if (!over) reject(error);
    });
  });
}
