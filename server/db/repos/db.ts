import { type Kysely, type Transaction } from 'kysely';
import { type Database } from '../schema';

/** A repository works on the database or inside a transaction alike. */
export type Db = Kysely<Database> | Transaction<Database>;
