/**
 * Whether the program may be shown in a store version: never in one that requires customer login
 * (a closed or B2B site), whose customers could not see the pages, join or be told about codes.
 * Selecting one in the settings, in the store-versions API and in the estimate all ask this.
 */
export function versionSelectable(version: { requiresLogin: boolean }): boolean {
  return !version.requiresLogin;
}

/** Why the program cannot be shown in the version, said to the merchant. */
export const loginRequiredMessage = (versionId: string) =>
  `Store version "${versionId}" requires customer login, so the program cannot be shown there`;
