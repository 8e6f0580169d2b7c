import { connect } from 'node:net';

// Raw HTTP over a socket, for requests no HTTP client will send (bare CR, folded headers, two Content-Lengths).

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Writes `request` as is and reads one answer: complete when its framing says so (Content-Length, or the last
 * chunk of a chunked body) or when the server closes the connection. The socket is not half-closed after the
 * request, as an HTTP client would not: Node's server treats a client's end of input as giving up on the request
 * and drops an answer that is still being computed (an asynchronous handler such as /health).
 */
export function rawHttp(port: number, request: string | Buffer, timeoutMs = 10_000): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = Buffer.alloc(0);
    let settled = false;
    const finish = (outcome: { answer: RawAnswer } | { error: Error }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if ('answer' in outcome) resolve(outcome.answer);
      else reject(outcome.error);
    };
    const timer = setTimeout(() => finish({ error: new Error(`no complete answer within ${timeoutMs} ms: ${received.toString('latin1').slice(0, 200)}`) }), timeoutMs);
    socket.on('data', (d: Buffer) => {
      received = Buffer.concat([received, d]);
      const answer = parseComplete(received);
      if (answer) finish({ answer });
    });
    socket.on('error', () => undefined); // a reset after the answer was written; 'close' follows
    socket.on('close', () => {
      const answer = parseComplete(received, true);
      finish(answer ? { answer } : { error: new Error(`connection closed without an answer: ${JSON.stringify(received.toString('latin1').slice(0, 200))}`) });
    });
    socket.write(request);
  });
}

/** The answer in `bytes` once it is whole; with `closed`, a body delimited by the close counts as whole. */
function parseComplete(bytes: Buffer, closed = false): RawAnswer | null {
  const headEnd = bytes.indexOf('\r\n\r\n');
  if (headEnd < 0) return null;
  const [statusLine = '', ...lines] = bytes.subarray(0, headEnd).toString('latin1').split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1];
  if (!status) return null;
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  const rest = bytes.subarray(headEnd + 4);
  const answer = (body: Buffer): RawAnswer => ({ status: Number(status), headers, body: body.toString('utf8') });
  if (/\bchunked\b/i.test(headers['transfer-encoding'] ?? '')) {
    const body = dechunk(rest);
    return body ? answer(body) : null;
  }
  if (headers['content-length'] !== undefined) {
    const length = Number(headers['content-length']);
    return rest.length >= length ? answer(rest.subarray(0, length)) : null;
  }
  return closed ? answer(rest) : null;
}

/** The body of a complete chunked encoding, or null while the last chunk has not arrived. */
function dechunk(bytes: Buffer): Buffer | null {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = bytes.indexOf('\r\n', at);
    if (lineEnd < 0) return null;
    const size = parseInt(bytes.subarray(at, lineEnd).toString('latin1'), 16);
    if (Number.isNaN(size)) return null;
    if (size === 0) return Buffer.concat(parts);
    if (bytes.length < lineEnd + 2 + size + 2) return null;
    parts.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}
