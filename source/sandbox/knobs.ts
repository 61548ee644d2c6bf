// Knob defaults, validation and the two outside spellings of every knob: TENANTDECK_SANDBOX_<UPPER_SNAKE>
// in the environment and --kebab-case on the command line. One schema checks all three ways in.
import {z} from 'zod';
import type {SandboxKnobs} from './contract.js';
import {SIGN_IN_ERROR_NAMES} from './sign-in-errors.js';
import {cloudNames, type CloudName} from '../adapters/cloud.js';

export type Knobs = Required<SandboxKnobs>;

export const DEFAULT_KNOBS: Readonly<Knobs> = Object.freeze({
	tenants: 24,
	seed: 1,
	latencyMs: 0,
	rate429: 0,
	rate503: 0,
	retryAfterSec: 1,
	forbiddenTenants: [],
	tokenLifetimeSec: 3600,
	pendingPolls: 1,
	exchangeConnectMs: 0,
	exchangeCmdletMs: 0,
	exchangeHangTenants: [],
	exchangeFailMailboxes: [],
	exchangeMaxConnections: 3,
	signInError: 'none',
	cloud: 'public',
	// Microsoft's value. MSAL sleeps interval × 1000 ms between polls, so the embedded sandbox and the
	// tests set 0 for an instant sign-in; MSAL for Python ignores its deadline when it is 0.
	deviceCodeIntervalSec: 5,
	unconsentedTenants: [],
	missingScopes: [],
	limitedRoleTenants: [],
	deviceCodeLifetimeSec: 900,
});

const count = z.number().int().min(0);
const duration = z.number().min(0);
const rate = z.number().min(0).max(1);
const list = z.array(z.string().trim().min(1));

const knobSchema = z.strictObject({
	tenants: z.number().int().min(1).max(5000),
	seed: z.number().int(),
	latencyMs: duration,
	rate429: rate,
	rate503: rate,
	retryAfterSec: duration,
	forbiddenTenants: list,
	tokenLifetimeSec: duration,
	pendingPolls: count,
	exchangeConnectMs: duration,
	exchangeCmdletMs: duration,
	exchangeHangTenants: list,
	exchangeFailMailboxes: list,
	exchangeMaxConnections: z.number().int().min(1),
	signInError: z.enum(SIGN_IN_ERROR_NAMES),
	cloud: z.enum(cloudNames as [CloudName, ...CloudName[]]),
	deviceCodeIntervalSec: duration,
	// "N" (the first N customers) or tenant ids and domains.
	unconsentedTenants: list,
	missingScopes: list,
	limitedRoleTenants: list,
	deviceCodeLifetimeSec: duration,
});

export const KNOB_NAMES = Object.keys(DEFAULT_KNOBS) as Array<keyof Knobs>;

const LIST_KNOBS = new Set<keyof Knobs>(['forbiddenTenants', 'exchangeHangTenants', 'exchangeFailMailboxes', 'unconsentedTenants', 'missingScopes', 'limitedRoleTenants']);
const TEXT_KNOBS = new Set<keyof Knobs>(['signInError', 'cloud']);

/** `latencyMs` → `LATENCY_MS`; `rate429` → `RATE429`. */
export function upperSnake(name: string): string {
	return name.replace(/[A-Z]/g, letter => `_${letter}`).toUpperCase();
}

/** `latencyMs` → `latency-ms`. */
export function kebab(name: string): string {
	return name.replace(/[A-Z]/g, letter => `-${letter.toLowerCase()}`);
}

export function envName(name: keyof Knobs): string {
	return `TENANTDECK_SANDBOX_${upperSnake(name)}`;
}

/** Validates a partial knob update; throws an Error naming the first bad knob in plain words. */
export function checkKnobs(update: unknown, label: (name: string) => string = name => name): Partial<Knobs> {
	const result = knobSchema.partial().safeParse(update);
	if (result.success) return result.data as Partial<Knobs>;
	const issue = result.error.issues[0];
	if (issue.path.length === 0) throw new Error('Sandbox knobs must be a JSON object, e.g. {"latencyMs": 50}.');
	const name = String(issue.path[0]);
	if (issue.code === 'unrecognized_keys') throw new Error(`Unknown sandbox knob ${issue.keys.map(label).join(', ')}. Known: ${KNOB_NAMES.map(label).join(', ')}.`);
	throw new Error(`Invalid value for ${label(name)}: ${issue.message}.`);
}

/** Turns one text value (env or flag) into the knob's type, before validation. */
export function parseKnobText(name: keyof Knobs, text: string): unknown {
	if (LIST_KNOBS.has(name)) return text.split(',').map(item => item.trim()).filter(Boolean);
	if (TEXT_KNOBS.has(name)) return text.trim();
	const value = Number(text.trim());
	// Number('') is 0; an empty value is a mistake, not a zero.
	return text.trim() === '' ? Number.NaN : value;
}

/** Reads TENANTDECK_SANDBOX_<UPPER_SNAKE> for every knob; unset ones are left out. */
export function knobsFromEnv(env: Record<string, string | undefined> = process.env): Partial<Knobs> {
	const raw: Record<string, unknown> = {};
	for (const name of KNOB_NAMES) {
		const text = env[envName(name)];
		if (text !== undefined) raw[name] = parseKnobText(name, text);
	}
	return checkKnobs(raw, name => envName(name as keyof Knobs));
}

/** Defaults overlaid with a validated partial. */
export function resolveKnobs(partial: Partial<SandboxKnobs> = {}): Knobs {
	const defined = Object.fromEntries(Object.entries(partial).filter(([, value]) => value !== undefined));
	return {...DEFAULT_KNOBS, ...checkKnobs(defined)} as Knobs;
}
