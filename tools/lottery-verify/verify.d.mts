// Types for the standalone verifier, for the tests that compare it with the shared implementation.
export interface VerifierReason {
  code: string;
  message: string;
}
export interface VerifierRow {
  rank: number;
  key: string;
  status: 'admitted' | 'waiting' | 'ranked';
  entry: { id: string; receipts: string; seats: number; name: string };
}
export type VerifierResult =
  | {
      ok: true;
      seed: string;
      announcementDigest: string;
      resultDigest: string;
      results: { pool: string; text: string }[];
      pools: { code: string; name: string; kind: string; places: number; rows: VerifierRow[] }[];
    }
  | { ok: false; reasons: VerifierReason[] };
export function verifyBundleText(text: string, expectedAnnouncementDigest?: string): VerifierResult;
export function findReceipt(verified: VerifierResult & { ok: true }, receipt: string): { pool: { code: string }; row: VerifierRow } | null;
export function sha256(bytes: Uint8Array, len?: number): Uint8Array;
export function hex(bytes: Uint8Array): string;
export const REASONS: Record<string, string>;
export type VerifierList =
  | { ok: true; county: string; year: number; code: string; name: string; kind: string; places: number; entries: VerifierRow['entry'][] }
  | { ok: false; line: number; detail: string };
export function readList(text: string): VerifierList;
