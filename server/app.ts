import { createHash } from 'node:crypto';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { z } from 'zod';
import {
  CHUNK_CONTENT_TYPE,
  MAX_BLOB_BYTES,
  MAX_BUNDLE_BYTES,
  MAX_CHUNK_BYTES,
  PAGES_CONTENT_TYPE,
  PAGES_MANIFEST,
  PROTOCOL_VERSION,
  batchRequestSchema,
  batchResponseSchema,
  blobParamsSchema,
  blobStateSchema,
  blobsMissingRequestSchema,
  blobsMissingResponseSchema,
  bundleResponseSchema,
  changesQuerySchema,
  changesResponseSchema,
  enrollRequestSchema,
  enrollResponseSchema,
  healthResponseSchema,
  meResponseSchema,
  pagesHeaders,
  parseManifest,
  paths,
  problemSchema,
  uploadHeaders,
  type BatchRequest,
  type BlobState,
  type BundleResponse,
  type EnrollRequest,
} from '../shared/sync/protocol';
import { deviceAuth } from './auth';
import { DiskBlobs, KeyedLock } from './blobStore';
import { type County, enrollDevice } from './counters';
import { type Store } from './db/open';
import { listChanges } from './feed';
import { IngestQueue } from './ingest';
import { ProblemError, problem } from './problems';
import { problemComponent, useZod, zodToOpenApi } from './zodFastify';

export interface AppOptions {
  store: Store;
  county: County;
  dataDir: string;
  now?: () => Date;
  logger?: FastifyServerOptions['logger'];
}

const JSON_BODY_LIMIT = 8 * 1024 * 1024;
const problems = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 409: problemSchema, 413: problemSchema, 422: problemSchema };

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const now = opts.now ?? (() => new Date());
  const { db } = opts.store;
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: JSON_BODY_LIMIT,
    return503OnClosing: true,
    requestIdHeader: false,
  });
  useZod(app);
  app.decorateRequest('device', null);
  app.decorateRequest('bodySha256', null);

  // Raw bodies are hashed for the signature before they are parsed.
  app.removeContentTypeParser(['application/json']);
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body: Buffer, done) => {
    req.bodySha256 = createHash('sha256').update(body).digest('hex');
    try {
      done(null, JSON.parse(body.toString('utf8')));
    } catch {
      done(problem(400, 'bad_request', '请求体不是有效的 JSON。请重试；如反复出现，请联系技术支持。'), undefined);
    }
  });
  app.addContentTypeParser(CHUNK_CONTENT_TYPE, { parseAs: 'buffer', bodyLimit: MAX_CHUNK_BYTES }, (req, body: Buffer, done) => {
    req.bodySha256 = createHash('sha256').update(body).digest('hex');
    done(null, body);
  });
  // A page bundle is signed through its manifest; each page is hashed as its bytes arrive and kept as the
  // received chunks (no copy into one body buffer: a 1,000-application sync moves half a GiB through here).
  app.addContentTypeParser(PAGES_CONTENT_TYPE, (req, payload, done) => receiveBundle(req, payload, done));

  app.setErrorHandler((err: FastifyError | ProblemError, req, reply) => {
    const p = err instanceof ProblemError ? err : fromFastifyError(err);
    if (p.status >= 500) req.log.error({ err }, 'request failed');
    else req.log.info({ code: p.problemCode, status: p.status }, 'request refused');
    return reply.code(p.status).type('application/problem+json; charset=utf-8').send(JSON.stringify(p.toProblem()));
  });
  app.setNotFoundHandler((_req, reply) =>
    reply
      .code(404)
      .type('application/problem+json; charset=utf-8')
      .send(JSON.stringify(problem(404, 'not_found', '服务器没有这个地址。请检查报名台设置中的县级服务器地址。').toProblem())),
  );

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Enrollment desk county server',
        version: `${PROTOCOL_VERSION}.0.0`,
        description: 'Desk ↔ county server sync protocol. Signing, idempotency and acknowledgement rules: docs/sync-protocol.md.',
      },
      components: {
        schemas: { Problem: problemComponent() as Record<string, unknown> },
        securitySchemes: {
          deviceSignature: {
            type: 'apiKey',
            in: 'header',
            name: 'x-signature',
            description: 'HMAC-SHA256 over signingString(method, pathWithQuery, x-timestamp, x-nonce, sha256(body)) with the device secret (for a page bundle, POST /v1/blobs: sha256 of the x-pages header instead of the body); also send x-device-id, x-timestamp, x-nonce.',
          },
        },
      },
    },
    transform: zodToOpenApi,
  });

  const auth = deviceAuth(db, now);
  const blobs = new DiskBlobs(opts.dataDir);
  const locks = new KeyedLock();
  const ingest = new IngestQueue(opts.store, opts.county);

  app.get(paths.health, { schema: { response: { 200: healthResponseSchema } } }, (_req, reply) => {
    return reply.send({ status: 'ok' as const, protocolVersion: PROTOCOL_VERSION, database: opts.store.dialect, serverTime: now().toISOString() });
  });
  app.get(paths.openapi, { schema: { hide: true } }, () => app.swagger());

  app.post(paths.enroll, { schema: { body: enrollRequestSchema, response: { 200: enrollResponseSchema, ...problems } } }, async (req) =>
    enrollDevice(db, opts.county, req.body as EnrollRequest, now()),
  );

  await app.register((v1, _opts, done) => {
    v1.addHook('onRequest', auth.identify);
    v1.addHook('preValidation', auth.verify);
    const signed = { security: [{ deviceSignature: [] }] };

    v1.get(paths.me, { schema: { ...signed, response: { 200: meResponseSchema, ...problems } } }, async (req) => {
      const device = req.device!;
      const row = await db
        .selectFrom('devices')
        .innerJoin('counters', 'counters.code', 'devices.counter_code')
        .select(['devices.name', 'counters.name as counter_name'])
        .where('devices.id', '=', device.id)
        .executeTakeFirstOrThrow();
      return { deviceId: device.id, deviceName: row.name, countyCode: opts.county.countyCode, counterCode: device.counterCode, counterName: row.counter_name, serverTime: now().toISOString() };
    });

    v1.post(paths.blobsMissing, { schema: { ...signed, body: blobsMissingRequestSchema, response: { 200: blobsMissingResponseSchema, ...problems } } }, async (req) => {
      const wanted = [...new Set((req.body as z.infer<typeof blobsMissingRequestSchema>).sha256)];
      const held = new Set((await db.selectFrom('blobs').select('sha256').where('sha256', 'in', wanted).execute()).map((r) => r.sha256));
      return { missing: wanted.filter((h) => !held.has(h)) };
    });

    const blobState = async (sha256: string): Promise<BlobState> => {
      const done = await db.selectFrom('blobs').select('bytes').where('sha256', '=', sha256).executeTakeFirst();
      if (done) return { sha256, offset: done.bytes, length: done.bytes, complete: true };
      const upload = await db.selectFrom('blob_uploads').select('length').where('sha256', '=', sha256).executeTakeFirst();
      return { sha256, offset: upload ? await blobs.partSize(sha256) : 0, length: upload?.length ?? null, complete: false };
    };

    // The file is already fsynced under its final name (and its directory too), so the row needs no forced
    // commit: only a power cut can lose it, and then the page is simply reported missing and sent again.
    // A forced commit here ran on the event loop and serialised every upload behind one fsync (ADR 0007).
    const completeBlob = async (sha256: string, length: number): Promise<BlobState> => {
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('blobs').values({ sha256, bytes: length, created_at: now().toISOString() }).onConflict((oc) => oc.column('sha256').doNothing()).execute();
        await trx.deleteFrom('blob_uploads').where('sha256', '=', sha256).execute();
      });
      return { sha256, offset: length, length, complete: true };
    };

    /** An upload whose bytes do not hash to its name: forget it entirely; the desk sends it again from 0. */
    const discardCorrupt = async (sha256: string) => {
      await blobs.discard(sha256);
      await db.deleteFrom('blob_uploads').where('sha256', '=', sha256).execute();
      return problem(422, 'blob_hash_mismatch', '页面文件在传输中损坏（校验值不符），服务器已丢弃。请从头重新上传这一页。', undefined, { offset: 0 });
    };

    v1.post(
      paths.blobs,
      {
        // No bodyLimit here: the bundle parser streams and enforces MAX_BUNDLE_BYTES itself.
        schema: {
          description: `Several small pages, whole. Body: the pages listed in x-pages, concatenated, as ${PAGES_CONTENT_TYPE} (≤ ${MAX_BUNDLE_BYTES} bytes). The signature's body hash is SHA-256 of the x-pages value; each page is checked against its own SHA-256 and answered stored, held or corrupt.`,
          ...signed,
          headers: z.looseObject({ [pagesHeaders.manifest]: z.string().regex(PAGES_MANIFEST, '应为逗号分隔的“SHA-256:字节数”，最多 32 页') }),
          response: { 200: bundleResponseSchema, ...problems },
        },
      },
      async (req): Promise<BundleResponse> => {
        const body = req.body;
        // Only the bundle parser makes a ReceivedBundle (a JSON body of the same shape is not one).
        if (!(body instanceof ReceivedBundle)) throw problem(415, 'unsupported_media_type', `上传页面包时内容类型应为 ${PAGES_CONTENT_TYPE}。请升级报名台软件。`);
        const pages = body.pages ?? [];
        const total = pages.reduce((n, p) => n + p.bytes, 0);
        if (pages.length === 0 || total !== body.received || new Set(pages.map((p) => p.sha256)).size !== pages.length) {
          throw problem(400, 'bundle_invalid', `页面包的清单（${pages.length} 页，共 ${total} 字节）与收到的 ${body.received} 字节不符或有重复页。请重新同步；如反复出现，请升级报名台软件。`);
        }
        const held = new Set((await db.selectFrom('blobs').select('sha256').where('sha256', 'in', pages.map((p) => p.sha256)).execute()).map((r) => r.sha256));
        const answers: BundleResponse['pages'] = pages.map((p) => ({ sha256: p.sha256, status: held.has(p.sha256) ? 'held' : p.actual === p.sha256 ? 'stored' : 'corrupt' }));
        const fresh = pages.filter((p) => !held.has(p.sha256) && p.actual === p.sha256);
        if (fresh.length > 0) {
          // Each file is fsynced under its final name before the rows that say it is complete (as for PATCH).
          await Promise.all(fresh.map((p) => locks.run(`blob:${p.sha256}`, () => blobs.writeWhole(p.sha256, p.parts))));
          const created = now().toISOString();
          await db.transaction().execute(async (trx) => {
            await trx.insertInto('blobs').values(fresh.map((p) => ({ sha256: p.sha256, bytes: p.bytes, created_at: created }))).onConflict((oc) => oc.column('sha256').doNothing()).execute();
            await trx.deleteFrom('blob_uploads').where('sha256', 'in', fresh.map((p) => p.sha256)).execute();
          });
        }
        return { pages: answers };
      },
    );

    v1.get(paths.blob, { schema: { ...signed, params: blobParamsSchema, response: { 200: blobStateSchema, ...problems } } }, async (req) =>
      blobState((req.params as { sha256: string }).sha256),
    );

    v1.patch(
      paths.blob,
      {
        bodyLimit: MAX_CHUNK_BYTES,
        schema: {
          description: `Resumable upload of one page: body is the next chunk (≤ ${MAX_CHUNK_BYTES} bytes) as ${CHUNK_CONTENT_TYPE}, starting at upload-offset. The last chunk completes the page once its SHA-256 matches.`,
          ...signed,
          params: blobParamsSchema,
          headers: z.looseObject({ [uploadHeaders.offset]: z.string().regex(/^\d{1,12}$/), [uploadHeaders.length]: z.string().regex(/^\d{1,12}$/) }),
          response: { 200: blobStateSchema, ...problems },
        },
      },
      async (req) => {
        const { sha256 } = req.params as { sha256: string };
        const chunk = req.body;
        if (!Buffer.isBuffer(chunk)) throw problem(415, 'unsupported_media_type', `上传页面时内容类型应为 ${CHUNK_CONTENT_TYPE}。请升级报名台软件。`);
        const offset = Number(req.headers[uploadHeaders.offset]);
        const length = Number(req.headers[uploadHeaders.length]);
        if (length < 1 || length > MAX_BLOB_BYTES) throw problem(413, 'blob_too_large', `单页文件不能超过 ${MAX_BLOB_BYTES / 1024 / 1024} MB。请降低扫描分辨率后重新扫描。`);
        return locks.run(`blob:${sha256}`, async () => {
          const state = await blobState(sha256);
          if (state.complete) return state;
          if (state.length !== null && state.length !== length) {
            throw problem(409, 'upload_length_mismatch', `这一页此前按 ${state.length} 字节开始上传，本次声明 ${length} 字节。请从服务器返回的位置继续上传同一文件。`, undefined, { offset: state.offset });
          }
          if (offset !== state.offset) {
            throw problem(409, 'upload_offset_mismatch', `服务器已收到 ${state.offset} 字节，请从该位置继续上传。`, undefined, { offset: state.offset });
          }
          if (offset + chunk.length > length) throw problem(409, 'upload_length_mismatch', '上传的字节数超过了声明的文件长度。请从服务器返回的位置重新上传。', undefined, { offset });
          if (state.length === null) {
            await db.insertInto('blob_uploads').values({ sha256, length, updated_at: now().toISOString() }).onConflict((oc) => oc.column('sha256').doNothing()).execute();
          }
          // A whole page in one request (the usual case): hashed in memory, written once, no re-read.
          if (offset === 0 && chunk.length === length) {
            // The signature check already hashed this exact body.
            if ((req.bodySha256 ?? createHash('sha256').update(chunk).digest('hex')) !== sha256) throw await discardCorrupt(sha256);
            await blobs.writeWhole(sha256, chunk);
            return completeBlob(sha256, length);
          }
          const newOffset = chunk.length ? await blobs.append(sha256, chunk) : offset;
          if (newOffset < length) return { sha256, offset: newOffset, length, complete: false };
          const actual = await blobs.partHash(sha256);
          if (actual !== sha256) throw await discardCorrupt(sha256);
          await blobs.commit(sha256);
          return completeBlob(sha256, length);
        });
      },
    );

    v1.post(paths.batches, { schema: { ...signed, body: batchRequestSchema, response: { 200: batchResponseSchema, ...problems } } }, async (req) =>
      ingest.submit(req.device!, req.body as BatchRequest, now()),
    );

    v1.get(paths.changes, { schema: { ...signed, querystring: changesQuerySchema, response: { 200: changesResponseSchema, ...problems } } }, async (req) => {
      const q = req.query as z.infer<typeof changesQuerySchema>;
      return listChanges(db, req.device!.counterCode, Number(q.cursor ?? '0'), q.limit ?? 200, now());
    });
    done();
  });

  return app;
}

/** A page bundle as received: each listed page's chunks and SHA-256 (of what arrived), and the body's length. */
class ReceivedBundle {
  constructor(
    /** Null when the manifest header is malformed (the route's header schema refuses the request). */
    readonly pages: { sha256: string; bytes: number; actual: string; parts: Buffer[] }[] | null,
    readonly received: number,
  ) {}
}

function receiveBundle(req: FastifyRequest, payload: NodeJS.ReadableStream, done: (err: Error | null, body?: ReceivedBundle) => void): void {
  const header = req.headers[pagesHeaders.manifest];
  const manifest = typeof header === 'string' ? header : '';
  req.bodySha256 = createHash('sha256').update(manifest).digest('hex');
  const tooLarge = () => problem(413, 'payload_too_large', `页面包不能超过 ${MAX_BUNDLE_BYTES / 1024 / 1024} MB。请升级报名台软件。`);
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

function fromFastifyError(err: FastifyError): ProblemError {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problem(413, 'payload_too_large', '请求过大。请减少每批的申请数量后重试。');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return problem(415, 'unsupported_media_type', '请求的内容类型不受支持（应为 application/json）。请升级报名台软件。');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return problem(400, 'bad_request', '请求体为空。请重试。');
    default:
      break;
  }
  const status = err.statusCode ?? 500;
  if (status === 503) return problem(503, 'shutting_down', '服务器正在停止或暂时不可用，请稍后自动重试。');
  if (status >= 400 && status < 500) return problem(status, 'bad_request', `请求格式错误：${err.message}。请重试；如反复出现，请联系技术支持。`);
  return problem(500, 'internal_error', '服务器内部错误，已记录日志。请稍后重试；如反复出现，请联系县教育局技术支持。');
}
