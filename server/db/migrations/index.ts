import { type Migration, type MigrationProvider } from 'kysely';
import { migration0001 } from './0001-initial';
import { migration0002 } from './0002-device-uploads';
import { migration0003 } from './0003-dept-data';
import { migration0004 } from './0004-placement-lottery';
import { migration0005 } from './0005-console-ops';
import { migration0006 } from './0006-shared-blobs';
import { migration0007 } from './0007-console-staff';
import { migration0008 } from './0008-audit-anchors';
import { migration0009 } from './0009-console-review';
import { migration0010 } from './0010-dept-answer-pins';
import { migration0011 } from './0011-reassignment-records';
import { migration0012 } from './0012-review-queue-scope';

export type DialectName = 'sqlite' | 'postgres';

// Append-only: a new migration is a new file, listed here with its checksum and pinned in migrations.test.ts (the
// schema snapshot it leads to on both dialects). Names sort in the order they run.

/**
 * sha256 of each migration's file as released (LF line endings). openStore records it for each migration a
 * database runs and refuses a database that recorded another; migrations.test.ts proves each is its file's.
 */
export const MIGRATION_CHECKSUMS = {
  '0001-initial': '028f002f3b64bd8e42f66a14ba587a3fb34fa922bb50425f145ad2cd35879a94',
  '0002-device-uploads': 'f7d5dabd383b3f85d138e91383dfd705756378ff2debc7cee222318837b3281a',
  '0003-dept-data': 'd9b171edfd1765a8c92ad7116f91370131ec926c96ad52e9f85ae38f2c82814d',
  '0004-placement-lottery': '5864a32aef5341aeacfada47ebca1016200720fec0bdf4c494fed9034a319e39',
  '0005-console-ops': '0136d95d39c34e222abdf75e92cd292d2a195a250bbdcf4569d751114434a03b',
  '0006-shared-blobs': 'bd6bff92daedfca35654e725165179812ede0799de30080b84f7080dd4fb16f8',
  '0007-console-staff': '8aa2b124245376cb9f390eea82a6004efeb195f8c1132fd4af9a166ca2bf27d2',
  '0008-audit-anchors': '67962c4c5d1336683e0bf9e4a39feb76cc8b7b9b2e13346adccfa3327f492036',
  '0009-console-review': '16aac7186156b1dec6f5135b257406e565aaab2ee82f59073d4f6864b8f9a39d',
  '0010-dept-answer-pins': '89f51516ae363e0cfa3d16f63c5f807fe2c200218278fc56477ed1f916f36fee',
  '0011-reassignment-records': 'bb1f8f5063db0bfa433349b298606abad48c51e23acd7b457c304a118e3d0324',
  '0012-review-queue-scope': 'a8af5f472d5b4691edecb7cee1e1459eae9fcf8e3fbd67122996742914d81b5b',
} as const;

export type MigrationName = keyof typeof MIGRATION_CHECKSUMS;

export function migrationProvider(dialect: DialectName): MigrationProvider {
  // Typed by name: a migration listed here without a checksum above does not compile.
  const migrations: Record<MigrationName, Migration> = {
    '0001-initial': migration0001(dialect),
    '0002-device-uploads': migration0002,
    '0003-dept-data': migration0003(dialect),
    '0004-placement-lottery': migration0004(dialect),
    '0005-console-ops': migration0005,
    '0006-shared-blobs': migration0006(dialect),
    '0007-console-staff': migration0007,
    '0008-audit-anchors': migration0008,
    '0009-console-review': migration0009,
    '0010-dept-answer-pins': migration0010,
    '0011-reassignment-records': migration0011,
    '0012-review-queue-scope': migration0012,
  };
  return { getMigrations: () => Promise.resolve(migrations) };
}
