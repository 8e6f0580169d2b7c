import type { DeskStatus, RpcError } from '../../shared/contract';

/**
 * What `system.getStatus` answers when the desk cannot work: its data would not open (desk.ts), or the core's
 * process stopped (main answers for it, portBridge.ts). The renderer shows its boot-error screen for it.
 */
export function bootErrorStatus(bootError: RpcError, appVersion: string): DeskStatus {
  return {
    phase: 'bootError',
    planCounty: null,
    bootError: { code: bootError.code, message: bootError.message },
    counter: null,
    session: null,
    idleLockMinutes: 10,
    appVersion,
    sync: { configured: false, online: false, pendingUploads: 0, lastSuccessAt: null },
    insecureKeyStorage: false,
    auditAlert: null,
  };
}
