// What an operation declares. One file per operation under operations/; the catalog lists them.

import type {z} from 'zod';
import type {ExchangePort, GraphPort} from './ports.js';
import type {Tenant} from './tenant.js';
import type {Permissions} from './permissions.js';

/** Ids of operations read from an admin's .ps1 files start with it (custom-operation.ts). */
export const customPrefix = 'custom:';

export type Cell = string | number | boolean | null;
export type Row = Record<string, Cell>;

export type OperationContext = {
	readonly tenant: Tenant;
	readonly graph: GraphPort;
	readonly exchange: ExchangePort;
	readonly signal: AbortSignal;
	/** Report a retry so the run view can show "retrying n". */
	readonly onRetry: (attempt: number, waitMs: number, reason: string) => void;
	/** Report the Exchange phase (connecting, running). */
	readonly onPhase: (phase: 'connecting' | 'running') => void;
	/** Items done of total inside the tenant (e.g. mailboxes), for progress and per-item deadlines. */
	readonly onProgress?: (done: number, total: number) => void;
	/** Writes only: describe what would change and change nothing. */
	readonly dryRun: boolean;
};

/** The row every write operation yields per object it looks at: before → after, and what happened. */
export type ChangeRow = {
	target: string;
	property: string;
	before: string;
	after: string;
	/** 'synced from on-premises': Entra Connect owns the value, so changing it in the cloud would not last. */
	result: 'changed' | 'unchanged' | 'would change' | 'not found' | 'synced from on-premises' | 'interrupted' | `failed: ${string}`;
};

/** Results the audit log records: a change made, or one cut short that may have reached the service. */
export const auditedResults: ReadonlySet<string> = new Set(['changed', 'interrupted']);

/** A row that says its target was not done: the tenant then fails, so the run cannot read as all done. */
export function isFailedResult(result: unknown): boolean {
	const text = String(result ?? '');
	return text === 'not found' || text.startsWith('failed') || text.startsWith('unknown');
}

export const changeColumns = ['target', 'property', 'before', 'after', 'result'] as const;

/** Which parameter of a write names its targets, and how far each can be checked before the run. */
export type TargetDeclaration = {
	/** The parameter holding the list of addresses; each maps to the tenant owning its domain. */
	readonly param: string;
	/** 'user': also looked up in its tenant (Graph), so a misspelt name is caught; 'domain': by its domain only. */
	readonly lookup: 'user' | 'domain';
	/** What one target is called on screens: "user", "mailbox". */
	readonly noun: string;
};

export type Operation<Params extends Record<string, unknown> = Record<string, unknown>> = {
	readonly id: string;
	readonly title: string;
	/** What it does and why you would run it, in plain language. */
	readonly description: string;
	readonly risk: 'read' | 'write';
	readonly backend: 'graph' | 'exchange';
	/** Graph scopes, Exchange grant and GDAP roles it needs (every built-in declares them). */
	readonly permissions?: Permissions;
	/** What a person would have typed for one tenant: shown to teach. */
	readonly powershell: string;
	/**
	 * The PowerShell for these values, one line per target (or the script's own lines), for the
	 * confirmation: what will really run, not a sample. Every write has it.
	 */
	readonly powershellFor?: (params: Params, tenant?: Tenant) => string[];
	/** Writes that name their targets: resolved against the selected tenants before confirmation. */
	readonly targets?: TargetDeclaration;
	readonly params: z.ZodType<Params>;
	/** Columns in display order (tenant columns are added in front by the runner). */
	readonly columns: readonly string[];
	/** What onProgress counts, in the plural ("mailboxes"); "items" when unset. */
	readonly progressUnit?: string;
	/** Yields the tenant's rows, page by page for large tenants. */
	run(context: OperationContext, params: Params): AsyncIterable<Row>;
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyOperation = Operation<any>;

export function defineOperation<Params extends Record<string, unknown>>(operation: Operation<Params>): Operation<Params> {
	return operation;
}
