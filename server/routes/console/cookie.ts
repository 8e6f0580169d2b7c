import { type FastifyReply, type FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../../../shared/console';

// The console_session cookie, read and written by hand (one cookie, no need for a plugin).

export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The session cookie: HttpOnly, SameSite=Strict, only under /console, Secure when the request came over HTTPS. */
export function setSessionCookie(reply: FastifyReply, req: FastifyRequest, token: string | null): void {
  const secure = req.protocol === 'https' ? '; Secure' : '';
  const value = token === null ? `${SESSION_COOKIE}=; Max-Age=0` : `${SESSION_COOKIE}=${token}`;
  void reply.header('set-cookie', `${value}; Path=/console; HttpOnly; SameSite=Strict${secure}`);
}
