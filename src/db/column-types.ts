import type { ColumnType } from 'kysely';

/**
 * Column types shared by schema.ts and the table files it merges (tables-*.ts), in a module of
 * their own so that those files need not import schema.ts back.
 */
export type Created = ColumnType<Date, Date, never>;
export type Json<T> = ColumnType<T, string, string>;
