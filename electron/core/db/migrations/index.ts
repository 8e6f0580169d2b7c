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

export interface PinnedMigration extends Migration {
  /**
   * sha256 of the migration's file as released (LF line endings). migrate() records it in each database the
   * migration runs on and refuses a database that recorded another; migrations.test.ts proves it is the file's.
   */
  checksum: string;
}

const pinned = (m: Migration, checksum: string): PinnedMigration => ({ ...m, checksum });

/** Append-only. Never edit a migration that has shipped; add the next number, pinned here by its checksum. */
export const migrations: readonly PinnedMigration[] = [
  pinned(m0001, 'f11abdc7f702cfc8620384c57b8313aedf0534073eb32a11bdd407dc32bf1805'),
  pinned(m0002, 'd392b43c591f46b871e07548956dc6e0367a521f5b550d3d16cd716dad60adcd'),
  pinned(m0003, '3ca3f19aef2a499b7b4d5b2c17afe74d153b7b48725f15de996f35fe82a45d8a'),
  pinned(m0004, 'a16aa047fb9b2a644ad867584ff7111768adabc1c7d9fa523d609b846d04b065'),
  pinned(m0005, 'dd76147e414ba9b00b2c42a8305efdc9333e3c9258b4bc098914762e15240713'),
  pinned(m0006, '96c92f7e6a6ffb87cfa3102bfe5879c53151e7ae65c4df233e947c0d92120b5d'),
  pinned(m0007, 'a5ad9049068b4cd3f2d54667c60e8a42187e7460fa6f64aed0bd1edaa7ef7956'),
  pinned(m0008, 'f019c07b0ef597aa7a75571307bd65c95de2c0f629c1f3eb9bfec0f6930e2604'),
];
