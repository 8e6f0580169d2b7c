import { type z } from 'zod';
import { applicationEndpoints, pageEndpoint } from './applications';
import { auditEndpoints } from './audit';
import { authEndpoints, staffEndpoints } from './auth';
import { counterEndpoints } from './counters';
import { decisionEndpoints } from './decisions';
import { deptEndpoints } from './dept';
import { type ConsoleEndpoint } from './define';
import { duplicateEndpoints } from './duplicates';
import { lookupEndpoints } from './lookup';
import { metaEndpoints } from './meta';
import { placementEndpoints } from './placement';
import { planEndpoints } from './plans';
import { resultEndpoints } from './results';
import { smsEndpoints } from './sms';
import { queueEndpoints } from './queue';
import { tracingEndpoints } from './tracing';

/** Every JSON endpoint of the console API (and the public lookup). The server registers exactly these. */
export const consoleApi = {
  ...authEndpoints,
  ...staffEndpoints,
  ...metaEndpoints,
  ...queueEndpoints,
  ...applicationEndpoints,
  ...decisionEndpoints,
  ...duplicateEndpoints,
  ...counterEndpoints,
  ...planEndpoints,
  ...auditEndpoints,
  ...smsEndpoints,
  ...resultEndpoints,
  ...lookupEndpoints,
  ...placementEndpoints,
  ...tracingEndpoints,
  ...deptEndpoints,
} satisfies Record<string, ConsoleEndpoint>;

export type ConsoleApi = typeof consoleApi;
export type ConsoleEndpointName = keyof ConsoleApi;
export type ConsoleInput<N extends ConsoleEndpointName> = z.input<ConsoleApi[N]['input']>;
export type ConsoleParsedInput<N extends ConsoleEndpointName> = z.output<ConsoleApi[N]['input']>;
export type ConsoleOutput<N extends ConsoleEndpointName> = z.output<ConsoleApi[N]['output']>;

/** The binary endpoints (GET), beside the JSON ones. */
export const consoleBinary = { 'pages.get': pageEndpoint } as const;

export * from './define';
export * from './problems';
export * from './auth';
export * from './queue';
export * from './applications';
export * from './decisions';
export * from './duplicates';
export * from './counters';
export * from './plans';
export * from './audit';
export * from './sms';
export * from './results';
export * from './lookup';
export * from './meta';
export * from './placement';
export * from './tracing';
export * from './dept';
