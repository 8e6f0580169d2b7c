import type { Db } from '../connection';
import { m0001 } from './0001-create-core-tables';
import { m0002 } from './0002-create-applications';
import { m0003 } from './0003-create-document-pages';
import { m0004 } from './0004-create-printouts';
import { m0005 } from './0005-create-sync-outbox';
import { m0006 } from './0006-allow-lottery-printout';
import { m0007 } from './0007-add-revision-kind';
import { m0008 } from './0008-create-follow-ups';

export interface Migration {
  version: number;
  name: string;
  up(db: Db): void;
}

/** Append-only. Never edit a migration that has shipped; add the next number. */
export const migrations: readonly Migration[] = [m0001, m0002, m0003, m0004, m0005, m0006, m0007, m0008];
