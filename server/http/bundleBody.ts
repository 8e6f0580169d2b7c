import { createHash } from 'node:crypto';
import { type FastifyRequest } from 'fastify';
import { format } from '../../shared/i18n/zhCN';
import { serverText } from '../../shared/i18n/zhCN.server';
import { MAX_BUNDLE_BYTES, pagesHeaders, parseManifest } from '../../shared/sync/protocol';
import { type BundlePage } from '../services/blobs';
import { problem } from './problems';

/** A page bundle as received: each listed page's chunks and SHA-256 (of what arrived), and the body's length. */
export class ReceivedBundle {
  constructor(
    /** Null when the manifest header is malformed (the route's header schema refuses the request). */
    readonly pages: BundlePage[] | null,
    readonly received: number,
  ) {}
}

/**
 * The body parser of a page bundle. A bundle is signed through its manifest; each page is hashed as its bytes
 * arrive and kept as the received chunks (no copy into one body buffer: a 1,000-application sync moves half a
 * GiB through here).
 */
export function receiveBundle(req: FastifyRequest, payload: NodeJS.ReadableStream, done: (err: Error | null, body?: ReceivedBundle) => void): void {
  const header = req.headers[pagesHeaders.manifest];
  const manifest = typeof header === 'string' ? header : '';
  req.bodySha256 = createHash('sha256').update(manifest).digest('hex');
  const tooLarge = () => problem(413, 'payload_too_large', format(serverText.blobs.bundleTooLarge, { mb: MAX_BUNDLE_BYTES / 1024 / 1024 }));
  if (Number(req.headers['content-length']) > MAX_BUNDLE_BYTES) {
    done(tooLarge());
    return;
  }
  const pages = parseManifest(manifest)?.map((p) => ({ ...p, hash: createHash('sha256'), parts: [] as Buffer[], got: 0 })) ?? null;
  let current = 0;
  let received = 0;
  const onData = (chunk: Buffer) => {
    received += chunk.length;
    if (received > MAX_BUNDLE_BYTES) {
      stop();
      done(tooLarge());
      return;
    }
    // Split the chunk at page boundaries; bytes past the last page are only counted.
    for (let at = 0; pages && current < pages.length && at < chunk.length; ) {
      const page = pages[current]!;
      const piece = chunk.subarray(at, at + Math.min(page.bytes - page.got, chunk.length - at));
      page.hash.update(piece);
      page.parts.push(piece);
      page.got += piece.length;
      at += piece.length;
      if (page.got === page.bytes) current++;
    }
  };
  const onEnd = () => {
    stop();
    done(null, new ReceivedBundle(pages?.map((p) => ({ sha256: p.sha256, bytes: p.bytes, parts: p.parts, actual: p.got === p.bytes ? p.hash.digest('hex') : '' })) ?? null, received));
  };
  const onError = (err: Error) => {
    stop();
    done(err);
  };
  function stop() {
    payload.removeListener('data', onData);
    payload.removeListener('end', onEnd);
    payload.removeListener('error', onError);
  }
  payload.on('data', onData);
  payload.on('end', onEnd);
  payload.on('error', onError);
}
