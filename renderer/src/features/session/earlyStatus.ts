import type { MethodOutput, RpcResult } from '../../../../shared/contract';

type StatusResult = RpcResult<MethodOutput<'system.getStatus'>>;

let early: Promise<StatusResult> | null = null;

/** Boot asks for the status before the app's code has loaded; the first refresh takes that answer. */
export function primeStatus(p: Promise<StatusResult>): void {
  early = p;
}

export function takeEarlyStatus(): Promise<StatusResult> | null {
  const p = early;
  early = null;
  return p;
}
