// Exit codes of the headless commands, documented in the readme.

export const exitCodes = {
	ok: 0,
	unexpected: 1,
	usage: 2,
	/** The run finished, but at least one tenant failed (or was cancelled). */
	someTenantsFailed: 3,
	/** Not signed in, or sign-in failed. */
	signIn: 4,
	/** A folder tenantdeck writes (state, cache, config) is full, read-only or not permitted. */
	storage: 5,
	/** Before any tenant ran, Microsoft's services could not be reached (network, DNS, proxy, TLS) or said to try later (429, 5xx). */
	unreachable: 6,
	/** Interrupted by Ctrl+C or a signal. */
	interrupted: 130,
} as const;
