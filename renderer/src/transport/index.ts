import { createClient, type DeskClient } from './client';
import { pickBridge } from './bridges';

export { createClient, transportError, type DeskClient, type CallErrorListener } from './client';
export { httpBridge, ipcBridge, pickBridge } from './bridges';

let client: DeskClient | null = null;

/** The app-wide client, created on first use from whichever bridge is present. Stores use this. */
export function deskClient(): DeskClient {
  client ??= createClient(pickBridge());
  return client;
}

/** Replace the client (unit tests of stores). */
export function setDeskClient(next: DeskClient): void {
  client = next;
}
