import { enrollRequestSchema, enrollResponseSchema, meResponseSchema, paths } from '../../shared/sync/protocol';
import { reposOf } from '../db/repos';
import { openApiProblems } from '../http/zodFastify';
import { enrollDevice } from '../services/counters';
import { JSON_TYPE, SIGNED, type ServerContext, type ZodApp, signedHooks, signedProblems } from './context';

/** Enrollment (unsigned, with a one-time code) and "who am I" (signed; the desk's connection test). */
export function deviceRoutes(app: ZodApp, ctx: ServerContext): void {
  app.post(
    paths.enroll,
    { config: { accepts: JSON_TYPE }, schema: { body: enrollRequestSchema, response: { 200: enrollResponseSchema, ...openApiProblems(403, 413) } } },
    (req) => enrollDevice(ctx.db, ctx.county, req.body, ctx.now()),
  );

  app.get(paths.me, { ...signedHooks(ctx), schema: { ...SIGNED, response: { 200: meResponseSchema, ...signedProblems() } } }, async (req) => {
    const device = req.device!;
    const row = await reposOf(ctx.db).devices.profile(device.id);
    return { deviceId: device.id, deviceName: row.name, countyCode: ctx.county.countyCode, counterCode: device.counterCode, counterName: row.counter_name, serverTime: ctx.now().toISOString() };
  });
}
