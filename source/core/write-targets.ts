// Before a write runs, every target it names (a user, a mailbox) is matched to the one selected
// tenant that owns it, so nothing is skipped in silence: a name owned by no selected tenant, a
// misspelt one or an ambiguous one is a problem the admin fixes or drops before anything changes.
// Only reads happen here (each tenant's domains, a user lookup); the run then gets per-tenant targets.

import {customPrefix, type AnyOperation, type TargetDeclaration} from './operation.js';
import type {GraphPort} from './ports.js';
import type {LaunchPorts} from './launch-run.js';
import type {RunSink} from './run-events.js';
import type {Tenant} from './tenant.js';
import {TenantdeckError} from './errors.js';
import {mapLimit} from './map-limit.js';
import {closestWords, editDistance} from './suggest.js';

export type TargetProblem = {
	readonly target: string;
	readonly reason: 'not-selected' | 'unknown-domain' | 'not-found' | 'ambiguous';
	/** The unselected owner, the tenant that lacks the user, or the selected tenants sharing the domain. */
	readonly tenants: readonly Tenant[];
	/** Nearest existing names, closest first. */
	readonly suggestions: readonly string[];
};

export type WritePlan = {
	readonly declaration?: TargetDeclaration;
	/** Tenants the write runs in: those owning a target (every selected one when the operation names none). */
	readonly tenants: readonly Tenant[];
	/** Tenant id → the targets it owns. */
	readonly targets: ReadonlyMap<string, readonly string[]>;
	readonly problems: readonly TargetProblem[];
	/** Selected tenants that own none of the targets, so the write leaves them out. */
	readonly idle: readonly Tenant[];
	/** Targets given up on purpose (the drop key, --drop-unmatched). */
	readonly dropped: readonly string[];
	/** Targets a dry run of this plan found missing: left out of the change, and listed. */
	readonly missing?: readonly string[];
};

export type ResolveRequest = {
	readonly operation: AnyOperation;
	readonly params: Record<string, unknown>;
	readonly selected: readonly Tenant[];
	/** Every tenant we know of (the customer list), to name the owner of a target outside the selection. */
	readonly known: readonly Tenant[];
	readonly graph: GraphPort;
	readonly signal?: AbortSignal;
};

const lookups = 8;

export async function resolveWriteTargets(request: ResolveRequest): Promise<WritePlan> {
	const {operation, params, selected, known, graph, signal} = request;
	const declaration = operation.targets;
	const names = declaration ? targetList(params[declaration.param]) : [];
	if (!declaration || names.length === 0) return {declaration, tenants: selected, targets: new Map(), problems: [], idle: [], dropped: []};

	const owners = await domainOwners(selected, names, graph, signal);
	const targets = new Map<string, string[]>();
	const problems: TargetProblem[] = [];
	const knownDomains = new Map(known.map(tenant => [tenant.tenantDomain.toLowerCase(), tenant]));
	for (const target of names) {
		const domain = domainOf(target);
		const owning = owners.get(domain) ?? [];
		if (owning.length === 1) push(targets, owning[0]!.tenantId, target);
		else if (owning.length > 1) problems.push({target, reason: 'ambiguous', tenants: owning, suggestions: []});
		else if (knownDomains.has(domain)) problems.push({target, reason: 'not-selected', tenants: [knownDomains.get(domain)!], suggestions: []});
		else {
			const local = target.slice(0, target.length - domain.length);
			const near = closestWords(domain, [...new Set([...owners.keys(), ...knownDomains.keys()])]).slice(0, 2);
			problems.push({target, reason: 'unknown-domain', tenants: [], suggestions: near.map(name => `${local}${name}`)});
		}
	}

	if (declaration.lookup === 'user') {
		const byTenant = new Map(selected.map(tenant => [tenant.tenantId, tenant]));
		const missing = await lookUpUsers([...targets].map(([tenantId, list]) => ({tenant: byTenant.get(tenantId)!, list})), graph, signal);
		for (const {tenant, target, suggestions} of missing) {
			targets.set(tenant.tenantId, targets.get(tenant.tenantId)!.filter(name => name !== target));
			problems.push({target, reason: 'not-found', tenants: [tenant], suggestions});
		}
	}
	return planFrom(declaration, selected, targets, problems, []);
}

/** The plan without its problems: their targets are given up, and said to be (dropped). */
export function dropProblems(plan: WritePlan): WritePlan {
	return {...plan, problems: [], dropped: [...plan.dropped, ...plan.problems.map(problem => problem.target)]};
}

/**
 * The plan after its dry run: the targets the dry run found missing are left out of the change (and
 * listed), and a tenant left with none drops out, so the count to type is what can really change.
 */
export function withoutMissing(plan: WritePlan, missing: readonly string[]): WritePlan {
	const gone = new Set(missing.map(name => name.toLowerCase()));
	const targets = new Map<string, readonly string[]>();
	const found: string[] = [];
	for (const [tenantId, list] of plan.targets) {
		const kept = list.filter(name => !gone.has(name.toLowerCase()));
		found.push(...list.filter(name => gone.has(name.toLowerCase())));
		if (kept.length > 0) targets.set(tenantId, kept);
	}
	if (found.length === 0) return plan;
	// A tenant whose every target is missing drops out of the count; the missing list names them.
	return {...plan, targets, tenants: plan.tenants.filter(tenant => targets.has(tenant.tenantId)), missing: [...(plan.missing ?? []), ...found]};
}

/** The targets a run's rows report as not found, as they are written (a dry run's findings). */
export function notingMissing(ports: LaunchPorts): {ports: LaunchPorts; missing: () => string[]} {
	const missing = new Set<string>();
	return {
		ports: {
			...ports,
			createRunFolder: async (...args) => {
				const folder = await ports.createRunFolder(...args);
				const {sink} = folder;
				const noting: RunSink = {
					async writeRows(tenant, rows) {
						for (const row of rows) if (row['result'] === 'not found' && typeof row['target'] === 'string') missing.add(row['target']);
						await sink.writeRows(tenant, rows);
					},
					writeOutcome: outcome => sink.writeOutcome(outcome),
					close: summary => sink.close(summary),
				};
				return {...folder, sink: noting};
			},
		},
		missing: () => [...missing],
	};
}

/** A plan for some of its tenants only (retrying the failed ones), keeping their targets. */
export function planFor(plan: WritePlan, tenants: readonly Tenant[]): WritePlan {
	const ids = new Set(tenants.map(tenant => tenant.tenantId));
	return {...plan, tenants: plan.tenants.filter(tenant => ids.has(tenant.tenantId)), idle: [], problems: [], dropped: []};
}

/**
 * The run's plan after a confirmed retry: the retried tenants take the targets the retry resolved
 * (a name fixed, dropped or gone since), every other tenant keeps its own.
 */
export function retargeted(run: WritePlan, retry: WritePlan): WritePlan {
	const retried = new Set([...retry.tenants, ...retry.idle].map(tenant => tenant.tenantId));
	const targets = new Map([...run.targets].filter(([tenantId]) => !retried.has(tenantId)));
	for (const [tenantId, list] of retry.targets) targets.set(tenantId, list);
	return {...run, targets, dropped: [...run.dropped, ...retry.dropped]};
}

/** The parameters one tenant runs with: only its own targets. */
export function paramsFor(plan: WritePlan, params: Record<string, unknown>, tenant: Tenant): Record<string, unknown> {
	if (!plan.declaration) return params;
	return {...params, [plan.declaration.param]: [...(plan.targets.get(tenant.tenantId) ?? [])]};
}

/** One line per problem, e.g. "alice.brwn@cliftondental.com: no such user in Clifton Dental — did you mean alice.brown@cliftondental.com?" */
export function describeProblem(problem: TargetProblem, noun = 'user'): string {
	const names = problem.tenants.map(tenant => `${tenant.tenantName} (${tenant.tenantDomain})`).join(' and ');
	const near = problem.suggestions.length > 0 ? ` — did you mean ${problem.suggestions.join(' or ')}?` : '';
	switch (problem.reason) {
		case 'not-selected': return `${problem.target}: its domain belongs to ${names}, which is not selected${near}`;
		case 'ambiguous': return `${problem.target}: its domain is claimed by more than one selected tenant (${names})${near}`;
		case 'not-found': return `${problem.target}: no such ${noun} in ${names}${near}`;
		case 'unknown-domain': return `${problem.target}: no selected tenant owns the domain ${domainOf(problem.target)}${near}`;
	}
}

/**
 * Said wherever a write that names no targets is confirmed (console and headless): nothing was
 * checked, and it runs in every selected tenant.
 */
export function noTargetsNote(operation: AnyOperation, plan: WritePlan): string | undefined {
	if (operation.risk !== 'write' || plan.declaration) return undefined;
	const count = plan.tenants.length;
	const what = operation.id.startsWith(customPrefix) ? 'This script' : 'This operation';
	return `${what} declares no targets: it will run in ${count === 1 ? 'the 1 selected tenant' : `all ${count} selected tenants`}.`;
}

/** "mailboxes" for "mailbox", "users" for "user". */
export function plural(noun: string): string {
	return /(s|x|sh|ch)$/.test(noun) ? `${noun}es` : `${noun}s`;
}

/** "1 user", "3 mailboxes". */
export function counted(count: number, noun: string): string {
	return `${count} ${count === 1 ? noun : plural(noun)}`;
}

/** "2 users in 2 tenants" — what the write will touch, counted from the plan, not the selection. */
export function planSummary(plan: WritePlan): string {
	const tenants = `${plan.tenants.length} tenant${plan.tenants.length === 1 ? '' : 's'}`;
	if (!plan.declaration) return tenants;
	const count = [...plan.targets.values()].reduce((total, list) => total + list.length, 0);
	return `${counted(count, plan.declaration.noun)} in ${tenants}`;
}

function planFrom(declaration: TargetDeclaration, selected: readonly Tenant[], targets: Map<string, string[]>, problems: TargetProblem[], dropped: string[]): WritePlan {
	const owning = selected.filter(tenant => (targets.get(tenant.tenantId)?.length ?? 0) > 0);
	const idle = selected.filter(tenant => !owning.includes(tenant));
	for (const tenant of idle) targets.delete(tenant.tenantId);
	return {declaration, tenants: owning, targets, problems, idle, dropped};
}

function targetList(value: unknown): string[] {
	if (Array.isArray(value)) return value.map(String);
	if (typeof value === 'string') return value.split(',').map(part => part.trim().toLowerCase()).filter(Boolean);
	return [];
}

function domainOf(address: string): string {
	return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

function push(map: Map<string, string[]>, key: string, value: string): void {
	map.set(key, [...(map.get(key) ?? []), value]);
}

/**
 * Domain → the selected tenants that hold it. Default domains answer most names at once; only when a
 * name's domain is none of them are the selected tenants' own domain lists read (a tenant whose list
 * cannot be read keeps its default domain).
 */
async function domainOwners(selected: readonly Tenant[], names: readonly string[], graph: GraphPort, signal?: AbortSignal): Promise<Map<string, Tenant[]>> {
	const owners = new Map<string, Tenant[]>();
	const add = (domain: string, tenant: Tenant) => {
		const list = owners.get(domain) ?? [];
		if (!list.includes(tenant)) owners.set(domain, [...list, tenant]);
	};
	for (const tenant of selected) add(tenant.tenantDomain.toLowerCase(), tenant);
	if (names.every(name => owners.has(domainOf(name)))) return owners;
	await mapLimit(selected, lookups, async tenant => {
		try {
			for await (const domain of graph.list<{id: string; isVerified?: boolean}>('/v1.0/domains', {tenantId: tenant.tenantId, signal})) {
				// An unverified domain is not the tenant's yet: mail and sign-ins go elsewhere.
				if (domain.isVerified !== false) add(domain.id.toLowerCase(), tenant);
			}
		} catch (error) {
			if (signal?.aborted) throw error;
		}
	});
	return owners;
}

type Missing = {tenant: Tenant; target: string; suggestions: string[]};

/** Users that their tenant says do not exist, with the nearest sign-in names it does have. */
async function lookUpUsers(entries: ReadonlyArray<{tenant: Tenant; list: readonly string[]}>, graph: GraphPort, signal?: AbortSignal): Promise<Missing[]> {
	const missing: Missing[] = [];
	await mapLimit(entries, lookups, async ({tenant, list}) => {
		const absent: string[] = [];
		for (const target of list) {
			try {
				await graph.get(`/v1.0/users/${encodeURIComponent(target)}?$select=id,userPrincipalName`, {tenantId: tenant.tenantId, signal});
			} catch (error) {
				// Only a clear "no such user" counts; any other failure is left for the run to report.
				if (error instanceof TenantdeckError && error.kind === 'not-found') absent.push(target);
				else if (signal?.aborted) throw error;
			}
		}
		if (absent.length === 0) return;
		const existing = await userNames(tenant, graph, signal);
		for (const target of absent) missing.push({tenant, target, suggestions: nearestUsers(target, existing)});
	});
	return missing;
}

/** The closest sign-in names on the same domain, compared by the part before the @, ties kept. */
function nearestUsers(target: string, existing: readonly string[]): string[] {
	const domain = `@${domainOf(target)}`;
	const local = (name: string) => name.slice(0, name.length - domain.length);
	const sameDomain = existing.filter(name => name.endsWith(domain));
	const close = closestWords(local(target), sameDomain.map(local));
	if (close.length === 0) return [];
	const best = editDistance(local(target), close[0]!);
	return close.filter(name => editDistance(local(target), name) === best).slice(0, 2).map(name => `${name}${domain}`);
}

async function userNames(tenant: Tenant, graph: GraphPort, signal?: AbortSignal): Promise<string[]> {
	const names: string[] = [];
	try {
		for await (const user of graph.list<{userPrincipalName?: string}>('/v1.0/users?$select=userPrincipalName&$top=999', {tenantId: tenant.tenantId, signal})) {
			if (user.userPrincipalName) names.push(user.userPrincipalName.toLowerCase());
		}
	} catch {
		// Suggestions are a help, not a condition: without them the problem is still listed.
	}
	return names;
}

/**
 * The PowerShell a write runs, with the values chosen and its real targets, tenant by tenant (or the
 * operation's own lines once, when it names no targets): what the confirmation shows.
 */
export function powershellPreview(operation: AnyOperation, plan: WritePlan, params: Record<string, unknown>): string[] {
	const lines = operation.powershellFor;
	if (!lines) return [operation.powershell];
	if (!plan.declaration) return lines(params);
	return plan.tenants.flatMap(tenant => lines(paramsFor(plan, params, tenant), tenant));
}
