import type { ProgramSettings } from './settings.ts';

/** What decides where the program is shown: its status and the store versions its settings select. */
export interface ProgramVisibility {
  status: 'draft' | 'published';
  settings: Pick<ProgramSettings, 'storeVersionIds'>;
}

/**
 * Whether the program's settings select this store version. Whether the version exists or requires
 * login is not asked here: the settings' validation keeps unknown and login-only versions out.
 * The SQL form is `versionSelectedSql` (src/app/program/program-visible-sql.ts).
 */
export function versionSelected(
  settings: Pick<ProgramSettings, 'storeVersionIds'> | null,
  storeVersionId: string,
): boolean {
  return settings?.storeVersionIds.includes(storeVersionId) ?? false;
}

/**
 * Whether the program is visible in this store version: published, and the version selected.
 * No program (null) is visible nowhere. The SQL form is `programVisibleSql`.
 */
export function programVisible(program: ProgramVisibility | null, storeVersionId: string): boolean {
  return (
    program !== null && program.status === 'published' && versionSelected(program.settings, storeVersionId)
  );
}
