// What the password operations tell a partner about Microsoft's defaults and Entra Connect, per
// domain and per user, so a report never shows a setting that does not apply or will not last.

/** Graph's value for "passwords on this domain never expire". */
export const neverExpiresDays = 2_147_483_647;

/** Microsoft: a domain whose passwordValidityPeriodInDays is unset uses 90 days. */
export const defaultValidityDays = 90;

export function validityOf(days: number | null | undefined): {days: number | null; neverExpires: boolean; note: string} {
	if (days === neverExpiresDays) return {days: null, neverExpires: true, note: ''};
	if (days === null || days === undefined) return {days: defaultValidityDays, neverExpires: false, note: `not set: Microsoft applies ${defaultValidityDays} days`};
	return {days, neverExpires: false, note: ''};
}

/** Entra Connect writes DisablePasswordExpiration on synced users at every sync (password hash sync). */
export const syncedNote = 'synced from on-premises: Entra Connect re-stamps "password never expires" at every sync — change it in Active Directory';
