// Which tenants the run view shows and in what order: a sort (failures first by default), a status
// filter and a text filter. Derived, never stored: the result is remembered per tenant list, so
// moving the cursor over 5,000 tenants never re-sorts, and each batch of events sorts once.

import type {Failure, TenantStatus} from '../../core/run-events.js';
import type {Tenant} from '../../core/tenant.js';

/** What the view reads of a tenant's row (run-state's TenantRun). */
export type ViewRow = {
	readonly tenant: Tenant;
	readonly status: TenantStatus;
	readonly failure?: Failure;
	readonly startedAt?: number;
	readonly durationMs?: number;
};

export type RunSort = 'status' | 'name' | 'duration';
export type StatusFilter = 'all' | 'failed' | 'running' | 'done';

export type RunViewOptions = {
	readonly sort: RunSort;
	readonly status: StatusFilter;
	/** Words that must all appear in the tenant's name, domain, id or failure cause. */
	readonly text: string;
};

export const defaultRunView: RunViewOptions = {sort: 'status', status: 'all', text: ''};

export const runSorts: readonly RunSort[] = ['status', 'name', 'duration'];
export const statusFilters: readonly StatusFilter[] = ['all', 'failed', 'running', 'done'];

export type RunView<T extends ViewRow = ViewRow> = {
	/** The rows shown, in display order. */
	readonly rows: readonly T[];
	/** tenantId → position in rows. */
	readonly positionOf: ReadonlyMap<string, number>;
};

/** What the sort and filter are called on screen. */
export const sortLabels: Record<RunSort, string> = {status: 'failures first', name: 'by name', duration: 'longest first'};

// Failures first, then what is happening now, then what waits, then what is over.
const statusRank: Record<TenantStatus, number> = {failed: 0, retrying: 1, running: 2, connecting: 3, queued: 4, cancelled: 5, succeeded: 6};

// Built on the first sort by name, not at load: the first Intl object starts ICU, which the
// console's first frame does not need.
let names: Intl.Collator | undefined;

export function matchesStatus(row: ViewRow, status: StatusFilter): boolean {
	switch (status) {
		case 'all': return true;
		case 'failed': return row.status === 'failed';
		case 'running': return row.status === 'running' || row.status === 'connecting' || row.status === 'retrying';
		case 'done': return row.status === 'succeeded';
	}
}

// A row object is replaced when its tenant changes, so its lower-cased text is computed once.
const haystacks = new WeakMap<ViewRow, string>();
function haystackOf(row: ViewRow): string {
	let text = haystacks.get(row);
	if (text === undefined) {
		const {tenant, failure} = row;
		text = [tenant.tenantName, tenant.tenantDomain, tenant.tenantId, failure?.message ?? '', failure?.hint ?? ''].join('\n').toLowerCase();
		haystacks.set(row, text);
	}
	return text;
}

function compareBy(sort: RunSort, tenants: readonly ViewRow[]): (a: number, b: number) => number {
	switch (sort) {
		case 'status':
			return (a, b) => statusRank[tenants[a]!.status] - statusRank[tenants[b]!.status] || a - b;
		case 'name': {
			const collator = (names ??= new Intl.Collator(undefined, {sensitivity: 'base', numeric: true}));
			return (a, b) => collator.compare(tenants[a]!.tenant.tenantName, tenants[b]!.tenant.tenantName) || a - b;
		}
		case 'duration': {
			// Tenants still going first, the longest running on top (the clock is not needed: the
			// earliest start has run longest); then finished ones, slowest first; then the rest.
			const key = (row: ViewRow): [number, number] => {
				if (row.durationMs === undefined && row.startedAt !== undefined) return [0, row.startedAt];
				if (row.durationMs !== undefined) return [1, -row.durationMs];
				return [2, 0];
			};
			return (a, b) => {
				const [groupA, valueA] = key(tenants[a]!);
				const [groupB, valueB] = key(tenants[b]!);
				return groupA - groupB || valueA - valueB || a - b;
			};
		}
	}
}

function derive<T extends ViewRow>(tenants: readonly T[], options: RunViewOptions): RunView<T> {
	const words = options.text.toLowerCase().split(/\s+/).filter(Boolean);
	const positions: number[] = [];
	for (let index = 0; index < tenants.length; index++) {
		const row = tenants[index]!;
		if (!matchesStatus(row, options.status)) continue;
		if (words.length > 0) {
			const haystack = haystackOf(row);
			if (!words.every(word => haystack.includes(word))) continue;
		}
		positions.push(index);
	}
	positions.sort(compareBy(options.sort, tenants));
	const rows = positions.map(index => tenants[index]!);
	return {rows, positionOf: new Map(rows.map((row, position) => [row.tenant.tenantId, position]))};
}

const remembered = new WeakMap<readonly ViewRow[], {options: RunViewOptions; view: RunView}>();

/** The view of a run's tenants; the same list and options give back the same object. */
export function runView<T extends ViewRow>(tenants: readonly T[], options: RunViewOptions): RunView<T> {
	const last = remembered.get(tenants);
	if (last && last.options.sort === options.sort && last.options.status === options.status && last.options.text === options.text) return last.view as RunView<T>;
	const view = derive(tenants, options);
	remembered.set(tenants, {options, view});
	return view;
}

export function nextOf<T>(values: readonly T[], current: T): T {
	return values[(values.indexOf(current) + 1) % values.length]!;
}
