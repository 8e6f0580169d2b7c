import { type MigrationProvider } from 'kysely';
import { migration0001 } from './0001-initial';
import { migration0002 } from './0002-device-uploads';
import { migration0003 } from './0003-dept-data';
import { migration0004 } from './0004-placement-lottery';
import { migration0005 } from './0005-console-ops';
import { migration0006 } from './0006-shared-blobs';
import { migration0007 } from './0007-console-staff';
import { migration0008 } from './0008-audit-anchors';
import { migration0009 } from './0009-console-review';

export type DialectName = 'sqlite' | 'postgres';

// Append-only: a new migration is a new file, listed here and pinned in migrations.test.ts (its checksum, and
// the schema snapshot it leads to on both dialects). Names sort in the order they run.

export function migrationProvider(dialect: DialectName): MigrationProvider {
  return {
    getMigrations: () =>
      Promise.resolve({
        '0001-initial': migration0001(dialect),
        '0002-device-uploads': migration0002,
        '0003-dept-data': migration0003(dialect),
        '0004-placement-lottery': migration0004(dialect),
        '0005-console-ops': migration0005,
        '0006-shared-blobs': migration0006(dialect),
        '0007-console-staff': migration0007,
        '0008-audit-anchors': migration0008,
        '0009-console-review': migration0009,
      }),
  };
}
