// The whole numbers each run setting may be, whether it comes from a flag (--concurrency,
// --max-sessions, --timeout; headless/verbs.ts) or the profile (adapters/profile.ts): one table for
// both, in a module of its own so the flag table loads nothing else with it.

export const runSettingRanges = {
	concurrency: [1, 256],
	maxSessions: [1, 20],
	exchangeTimeoutSec: [1, 86_400],
} as const satisfies Record<string, readonly [min: number, max: number]>;
