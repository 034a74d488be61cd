import type { Migration } from 'kysely';
import * as initialSchema from './20261123T0900-initial-schema.ts';

/** Every migration in order; the key is the name recorded in the database. */
export const migrations: Record<string, Migration> = {
  '20261123T0900-initial-schema': initialSchema,
};
