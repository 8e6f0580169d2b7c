import { AsyncLocalStorage } from 'node:async_hooks';
import { type Dialect, type Driver, type Kysely } from 'kysely';

// A query on the root database handle while the same request holds a transaction (or a reserved connection) is a
// bug of its own class: on SQLite the server has one connection, so the query waits for the transaction that is
// waiting for it, and the request hangs for ever (a console fuzz run found `decisions.requestMaterials` reading the
// plan through the root handle inside its transaction: the request never answered). On PostgreSQL the same code
// "works" outside the transaction's snapshot and atomicity, and ten such requests at once exhaust the pool.
//
// The guard makes that query fail at once, on both dialects, naming the mistake: the root handle's `transaction()`
// and `connection()` run their callback inside a marked async context, and the driver refuses to hand a new
// connection to code running in a marked context that is still open. Work a callback starts and does not await
// (fire-and-forget) is not refused once the callback has returned.

interface Mark {
  open: boolean;
}

const marks = new AsyncLocalStorage<Mark>();

export class QueryOutsideTransactionError extends Error {
  constructor() {
    super('a query used the root database handle inside a transaction or reserved connection (it would wait for itself on SQLite): use the transaction handle passed to the callback');
    this.name = 'QueryOutsideTransactionError';
  }
}

async function marked<T>(fn: () => Promise<T>): Promise<T> {
  const mark: Mark = { open: true };
  try {
    return await marks.run(mark, fn);
  } finally {
    mark.open = false;
  }
}

/** Wraps a dialect so that its driver refuses a connection to code inside an open transaction callback. */
export function guardedDialect(inner: Dialect): Dialect {
  return {
    createAdapter: () => inner.createAdapter(),
    createIntrospector: (db) => inner.createIntrospector(db),
    createQueryCompiler: () => inner.createQueryCompiler(),
    createDriver(): Driver {
      const driver = inner.createDriver();
      return {
        init: () => driver.init(),
        destroy: () => driver.destroy(),
        acquireConnection: () => {
          if (marks.getStore()?.open) return Promise.reject(new QueryOutsideTransactionError());
          return driver.acquireConnection();
        },
        releaseConnection: (c) => driver.releaseConnection(c),
        beginTransaction: (c, s) => driver.beginTransaction(c, s),
        commitTransaction: (c) => driver.commitTransaction(c),
        rollbackTransaction: (c) => driver.rollbackTransaction(c),
        ...(driver.savepoint ? { savepoint: driver.savepoint.bind(driver) } : {}),
        ...(driver.rollbackToSavepoint ? { rollbackToSavepoint: driver.rollbackToSavepoint.bind(driver) } : {}),
        ...(driver.releaseSavepoint ? { releaseSavepoint: driver.releaseSavepoint.bind(driver) } : {}),
      };
    },
  };
}

type Builder = { execute: (cb: (handle: never) => Promise<unknown>) => Promise<unknown> };

/** Every builder method that returns another builder keeps the mark (setIsolationLevel, setAccessMode, withPlugin…). */
function markingBuilder<B extends object>(builder: B): B {
  return new Proxy(builder, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      if (prop === 'execute') return (cb: (handle: never) => Promise<unknown>) => (target as unknown as Builder).execute((handle) => marked(() => cb(handle)));
      return (...args: unknown[]) => {
        const out: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
        return out !== null && typeof out === 'object' && out.constructor === target.constructor ? markingBuilder(out) : out;
      };
    },
  });
}

/** Marks the callbacks of the root handle's `transaction()` and `connection()` (use with `guardedDialect`). */
export function markTransactions<DB>(db: Kysely<DB>): Kysely<DB> {
  const transaction = db.transaction.bind(db);
  const connection = db.connection.bind(db);
  Object.assign(db, {
    transaction: () => markingBuilder(transaction()),
    connection: () => markingBuilder(connection()),
  });
  return db;
}
