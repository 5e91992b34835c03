/**
 * Permanence trackers (issue 11): each council's own lists (reasons a child is out of scope, note
 * codes), which it adds to, renames and retires (a retired item stays on the children that have
 * it), and coded notes on a project's children: a code from the list and a date, never free text.
 * Frozen in time: never edit this migration once released; change the schema with a new one.
 */
import type { Kysely } from 'kysely';

// Kysely<any>: a migration must not depend on today's schema types, which will change after it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('permanence_lists')
    .addColumn('la_code', 'text', (c) => c.notNull())
    // reason or note
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    // 1 when retired: no longer offered, still shown on the children that have it.
    .addColumn('retired', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('permanence_lists_pk', ['la_code', 'kind', 'label'])
    .execute();

  await db.schema
    .createTable('permanence_notes')
    .addColumn('la_code', 'text', (c) => c.notNull())
    .addColumn('project', 'text', (c) => c.notNull())
    .addColumn('child_id', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('note_date', 'text', (c) => c.notNull())
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addColumn('added_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('permanence_notes_pk', ['la_code', 'project', 'child_id', 'code', 'note_date'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('permanence_notes').execute();
  await db.schema.dropTable('permanence_lists').execute();
}
