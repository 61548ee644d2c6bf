// Resolves what a user typed to tenants: a tenant id, a domain or a display name (what
// Get-MsolPartnerContract -Domain used to do), "all", or "@group". Nothing is guessed: when an
// argument fits no tenant the error names the closest ones.

import type {Tenant} from './tenant.js';
import {TenantdeckError} from './errors.js';

export type Groups = Record<string, readonly string[]>;

export function resolveTenants(tenants: readonly Tenant[], argument: string, groups: Groups = {}): Tenant[] {
	const words = argument.split(',').map(word => word.trim()).filter(Boolean);
	if (words.length === 0) throw new TenantdeckError('invalid', 'No tenants given.', {hint: 'Use --tenants all, a list of domains, ids or names separated by commas, or @group.'});
	const chosen = new Map<string, Tenant>();
	const unknown: string[] = [];
	for (const word of words) {
		for (const tenant of resolveWord(tenants, word, groups, unknown)) chosen.set(tenant.tenantId, tenant);
	}
	if (unknown.length > 0) throw unknownTenantsError(tenants, unknown);
	return [...chosen.values()];
}

/**
 * The most tenants `argument` can name (a comma list names at most one per word), or undefined when
 * it can name any number ("all", "@group"). Known before the tenant list is fetched.
 */
export function mostTenantsNamed(argument: string): number | undefined {
	const words = argument.split(',').map(word => word.trim()).filter(Boolean);
	return words.some(word => word.toLowerCase() === 'all' || word.startsWith('@')) ? undefined : words.length;
}

function resolveWord(tenants: readonly Tenant[], word: string, groups: Groups, unknown: string[]): Tenant[] {
	if (word.toLowerCase() === 'all') return [...tenants];
	if (word.startsWith('@')) {
		// Own keys only: "@constructor" must not find Object's constructor.
		const group = Object.hasOwn(groups, word.slice(1)) ? groups[word.slice(1)] : undefined;
		if (!Array.isArray(group)) throw new TenantdeckError('invalid', `No saved group named "${word.slice(1)}".`, {hint: Object.keys(groups).length ? `Saved groups: ${Object.keys(groups).join(', ')}.` : 'Save one from the tenant picker first.'});
		return group.flatMap(member => resolveWord(tenants, member, {}, unknown));
	}
	const match = findTenant(tenants, word);
	if (!match) unknown.push(word);
	return match ? [match] : [];
}

export function findTenant(tenants: readonly Tenant[], word: string): Tenant | undefined {
	const needle = word.toLowerCase();
	const exact = tenants.find(tenant => tenant.tenantId === needle) ?? tenants.find(tenant => tenant.tenantDomain.toLowerCase() === needle);
	if (exact) return exact;
	const named = tenants.filter(tenant => tenant.tenantName.toLowerCase() === needle);
	// Two customers with one name (a trial beside production): guessing could change the wrong one.
	if (named.length > 1) {
		throw new TenantdeckError('invalid', `${named.length} customer tenants are named "${word}".`, {hint: `Use a domain instead: ${named.map(tenant => tenant.tenantDomain).join(', ')}.`});
	}
	return named[0];
}

function unknownTenantsError(tenants: readonly Tenant[], unknown: string[]): TenantdeckError {
	const first = unknown[0]!;
	const near = nearMatches(tenants, first);
	const which = unknown.length === 1 ? `No customer tenant matches "${first}".` : `No customer tenant matches ${unknown.map(word => `"${word}"`).join(', ')}.`;
	const hint = near.length > 0 ? `Did you mean: ${near.map(tenant => `${tenant.tenantDomain} (${tenant.tenantName})`).join(', ')}?` : 'Run "tenantdeck tenants" to list your customers.';
	return new TenantdeckError('invalid', which, {hint});
}

/** Up to three tenants whose name or domain is closest to what was typed. */
export function nearMatches(tenants: readonly Tenant[], word: string): Tenant[] {
	const needle = word.toLowerCase();
	const scored = tenants.map(tenant => {
		const name = tenant.tenantName.toLowerCase();
		const domain = tenant.tenantDomain.toLowerCase();
		const contains = name.includes(needle) || domain.includes(needle) ? 0 : 1;
		const distance = Math.min(editDistance(needle, name), editDistance(needle, domain), editDistance(needle, domain.split('.')[0] ?? domain));
		return {tenant, score: contains * 100 + distance};
	});
	const limit = Math.max(3, Math.floor(needle.length / 2));
	return scored.filter(entry => entry.score < 100 || entry.score - 100 <= limit).sort((a, b) => a.score - b.score).slice(0, 3).map(entry => entry.tenant);
}

function editDistance(a: string, b: string): number {
	let previous = Array.from({length: b.length + 1}, (_, index) => index);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		for (let j = 1; j <= b.length; j++) {
			current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
		}
		previous = current;
	}
	return previous[b.length]!;
}
