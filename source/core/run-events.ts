// The event stream of a run: what happened to each tenant and when. Screens fold these with a
// reducer; the headless CLI prints them as progress lines.

import type {ErrorKind} from './errors.js';
import type {Row} from './operation.js';
import type {Tenant} from './tenant.js';

export type TenantStatus = 'queued' | 'connecting' | 'running' | 'retrying' | 'succeeded' | 'failed' | 'cancelled';

/** A failure as it is shown and saved: never the raw exception. */
export type Failure = {kind: ErrorKind; message: string; hint?: string; status?: number; code?: string; requestId?: string};

export type RunEvent =
	| {type: 'queued'; tenant: Tenant; at: number}
	| {type: 'connecting' | 'running'; tenant: Tenant; at: number}
	| {type: 'retrying'; tenant: Tenant; attempt: number; waitMs: number; reason: string; at: number}
	| {type: 'rows'; tenant: Tenant; count: number; at: number}
	/** Items (e.g. mailboxes) done of total inside one tenant, as its script reports them. */
	| {type: 'progress'; tenant: Tenant; done: number; total: number; unit: string; at: number}
	| {type: 'succeeded'; tenant: Tenant; rows: number; durationMs: number; at: number}
	| {type: 'failed'; tenant: Tenant; failure: Failure; rows: number; durationMs: number; at: number}
	| {type: 'cancelled'; tenant: Tenant; at: number}
	| {type: 'finished'; summary: RunSummary; at: number};

export type TenantOutcome = {tenant: Tenant; status: 'succeeded' | 'failed' | 'cancelled'; rows: number; durationMs: number; failure?: Failure};

export type RunSummary = {
	operationId: string;
	params: Record<string, unknown>;
	startedAt: number;
	finishedAt: number;
	outcomes: TenantOutcome[];
	succeeded: number;
	failed: number;
	cancelled: number;
	rows: number;
	/** Set when the partner's sign-in was revoked or expired mid-run: tenants not yet started were not started. */
	signInLost?: Failure;
};

/** Where a run's rows and outcomes go as they arrive (the run folder in the app). */
export interface RunSink {
	writeRows(tenant: Tenant, rows: readonly Row[]): Promise<void>;
	writeOutcome(outcome: TenantOutcome): Promise<void>;
	close(summary: RunSummary): Promise<void>;
}
