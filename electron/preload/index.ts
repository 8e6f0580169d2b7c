// Runs sandboxed: at runtime it may require only 'electron'. The bundle inlines the two channel
// names from shared/bridge; everything else here is types. No business logic: calls and events
// pass through unchanged, the main process checks the sender and the core validates the input.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_CALL, IPC_EVENT, type DeskBridge } from '../../shared/bridge';
import type { RpcResult } from '../../shared/contract/result';

interface EventMessage {
  event: string;
  payload: unknown;
}

function isEventMessage(value: unknown): value is EventMessage {
  return typeof value === 'object' && value !== null && typeof (value as { event?: unknown }).event === 'string';
}

const bridge: DeskBridge = {
  call(method, input) {
    return ipcRenderer.invoke(IPC_CALL, { method, input }) as Promise<RpcResult<unknown>>;
  },
  on(event, listener) {
    const handler = (_e: IpcRendererEvent, message: unknown): void => {
      if (isEventMessage(message) && message.event === event) listener(message.payload);
    };
    ipcRenderer.on(IPC_EVENT, handler);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT, handler);
    };
  },
};

contextBridge.exposeInMainWorld('desk', bridge);
