/**
 * An e-mail address as ad platforms match it before hashing: surrounding white space removed,
 * lower case. Null when nothing is left.
 */
export function normaliseAudienceEmail(email: string | null): string | null {
  const normalised = (email ?? '').trim().toLowerCase();
  return normalised === '' ? null : normalised;
}
