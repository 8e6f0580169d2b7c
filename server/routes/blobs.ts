import { format } from '../../shared/i18n/zhCN';
import { serverText } from '../../shared/i18n/zhCN.server';
import {
  CHUNK_CONTENT_TYPE,
  MAX_BUNDLE_BYTES,
  MAX_CHUNK_BYTES,
  PAGES_CONTENT_TYPE,
  blobParamsSchema,
  blobStateSchema,
  blobsMissingRequestSchema,
  blobsMissingResponseSchema,
  bundleHeadersSchema,
  bundleResponseSchema,
  paths,
  uploadHeaders,
  uploadHeadersSchema,
} from '../../shared/sync/protocol';
import { ReceivedBundle } from '../http/bundleBody';
import { problem } from '../http/problems';
import { JSON_TYPE, SIGNED, type ServerContext, type ZodApp, signedHooks, signedProblems } from './context';

const t = serverText.blobs;

/** Document pages: which the server lacks, whole pages in bundles, resumable uploads. */
export function blobRoutes(app: ZodApp, ctx: ServerContext): void {
  const hooks = signedHooks(ctx);

  app.post(
    paths.blobsMissing,
    { ...hooks, config: { accepts: JSON_TYPE }, schema: { ...SIGNED, body: blobsMissingRequestSchema, response: { 200: blobsMissingResponseSchema, ...signedProblems(413) } } },
    async (req) => ({ missing: await ctx.blobs.missing(req.body.sha256) }),
  );

  app.post(
    paths.blobs,
    {
      ...hooks,
      config: { accepts: PAGES_CONTENT_TYPE },
      // No bodyLimit here: the bundle parser streams and enforces MAX_BUNDLE_BYTES itself.
      schema: {
        description: `Several small pages, whole. Body: the pages listed in x-pages, concatenated, as ${PAGES_CONTENT_TYPE} (≤ ${MAX_BUNDLE_BYTES} bytes). The signature's body hash is SHA-256 of the x-pages value; each page is checked against its own SHA-256 and answered stored, held or corrupt.`,
        ...SIGNED,
        consumes: [PAGES_CONTENT_TYPE],
        headers: bundleHeadersSchema,
        response: { 200: bundleResponseSchema, ...signedProblems(413) },
      },
    },
    async (req) => {
      const body: unknown = req.body;
      // Only the bundle parser makes a ReceivedBundle (a body of the same shape in another type is not one).
      if (!(body instanceof ReceivedBundle)) throw problem(415, 'unsupported_media_type', format(t.bundleType, { type: PAGES_CONTENT_TYPE }));
      const pages = body.pages ?? [];
      const total = pages.reduce((n, p) => n + p.bytes, 0);
      if (pages.length === 0 || total !== body.received || new Set(pages.map((p) => p.sha256)).size !== pages.length) {
        throw problem(400, 'bundle_invalid', format(t.bundleInvalid, { pages: pages.length, total, received: body.received }));
      }
      return ctx.blobs.bundle(pages);
    },
  );

  app.get(paths.blob, { ...hooks, schema: { ...SIGNED, params: blobParamsSchema, response: { 200: blobStateSchema, ...signedProblems() } } }, (req) =>
    ctx.blobs.state(req.params.sha256, req.device!.id),
  );

  app.patch(
    paths.blob,
    {
      ...hooks,
      bodyLimit: MAX_CHUNK_BYTES,
      config: { accepts: CHUNK_CONTENT_TYPE },
      schema: {
        description: `Resumable upload of one page: body is the next chunk (≤ ${MAX_CHUNK_BYTES} bytes) as ${CHUNK_CONTENT_TYPE}, starting at upload-offset. The last chunk completes the page once its SHA-256 matches. Each device has its own unfinished upload of a page; one that gets no chunk for 24 hours is discarded.`,
        ...SIGNED,
        consumes: [CHUNK_CONTENT_TYPE],
        params: blobParamsSchema,
        headers: uploadHeadersSchema,
        response: { 200: blobStateSchema, ...signedProblems(413, 422) },
      },
    },
    (req) => {
      const chunk: unknown = req.body;
      if (!Buffer.isBuffer(chunk)) throw problem(415, 'unsupported_media_type', format(t.chunkType, { type: CHUNK_CONTENT_TYPE }));
      const offset = Number(req.headers[uploadHeaders.offset]);
      const length = Number(req.headers[uploadHeaders.length]);
      return ctx.blobs.patch(req.params.sha256, req.device!.id, offset, length, chunk, req.bodySha256);
    },
  );
}
