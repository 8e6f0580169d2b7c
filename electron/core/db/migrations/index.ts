import type { Db } from '../connection';
import { m0001 } from './0001-create-core-tables';
import { m0002 } from './0002-create-applications';

export interface Migration {
  version: number;
  name: string;
  up(db: Db): void;
}

/** Append-only. Never edit a migration that has shipped; add the next number. */
export const migrations: readonly Migration[] = [m0001, m0002];
