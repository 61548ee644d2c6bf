// The controller's second half: from picking an operation to its results (opening and exporting
// their rows is controller-rows.ts). A run's events are batched (one store update per 50 ms,
// however many tenants report), tagged with the run's generation so a replaced run cannot write
// into the view, and its rows stay on disk.

import {describeError, TenantdeckError} from '../core/errors.js';
import {launchRun, resolveRunSettings} from '../core/launch-run.js';
import {settleWithin} from '../core/settle-within.js';
import type {RunEvent} from '../core/run-events.js';
import type {RunHandle} from '../core/runner.js';
import type {Tenant} from '../core/tenant.js';
import type {RunFiles} from '../adapters/latest-rows.js';
import {auditLogPath} from '../adapters/audit-log.js';
import {countingAudit} from '../core/audit-count.js';
import {counted, notingMissing, paramsFor, planFor, retargeted, withoutMissing, type WritePlan} from '../core/write-targets.js';
import {createWriteChecks} from './controller-write.js';
import {createRowIntents, type RowIntents} from './controller-rows.js';
import {selectedTenants} from './state/picker-state.js';
import {checkForm} from './state/params-state.js';
import {failedInView, isRunLive, selectedRun, type RunViewAction} from './state/run-state.js';
import type {ResultsAction} from './state/results-state.js';
import {guarded, type ControllerContext} from './controller-context.js';

export type RunIntents = RowIntents & {
	operationsMove(to: number): void;
	chooseOperation(): void;
	formFocus(delta: number): void;
	formEdit(value: string): void;
	formCycle(delta: number): void;
	submitParams(): void;
	editConfirm(text: string): void;
	confirmGo(): void;
	dryRun(): void;
	/** Gives up the names no selected tenant owns, so the rest of the write can go on. */
	dropUnmatched(): void;
	runMove(to: number): void;
	/** Sort, filter or jump in the run table. */
	runView(action: RunViewAction): void;
	askCancel(): void;
	cancelRun(mode: 'queued' | 'all'): void;
	/** Cancels the tenant under the cursor alone; the rest of the run goes on. */
	cancelTenant(): void;
	keepRunning(): void;
	retryFailed(): void;
	saveRunbook(): void;
	newRun(): void;
	table(which: 'results' | 'tenant-rows', action: ResultsAction): void;
	/** Quitting: stop queued tenants, abort running ones, wait a little for them to settle. */
	stopForQuit(): Promise<void>;
	/** A run of this session met a full or read-only disk: the console then exits with the storage code. */
	storageFailed(): boolean;
};

/** Rows the results view holds in memory; exports always cover every row. */
const batchMs = 50;

export function createRunIntents(context: ControllerContext): RunIntents {
	const {store, deps, folders, notify} = context;
	const {dispatch} = store;
	const state = () => store.getState();
	let storageFailedInSession = false;
	let generation = 0;
	let handle: RunHandle | undefined;
	/**
	 * The confirmed targets of the run on screen, read as each tenant starts: a confirmed retry puts
	 * the retried tenants' targets as they are now resolved in it, so a tenant rejoining a live run
	 * runs those, not the ones it failed with. A new run gets a box of its own.
	 */
	let runTargets: {plan?: WritePlan} = {};
	let runs: Array<RunFiles & {path: string}> = [];
	let pending: Array<{generation: number; event: RunEvent}> = [];
	let timer: NodeJS.Timeout | undefined;
	const guard = (work: () => Promise<void>) => guarded(context, work);
	const {checkTargets, readyPlan} = createWriteChecks(context);
	const rowIntents = createRowIntents(context, () => runs);

	function flush(): void {
		if (timer) clearTimeout(timer);
		timer = undefined;
		const batch = pending;
		pending = [];
		const current = batch.filter(entry => entry.generation === generation).map(entry => entry.event);
		if (current.length > 0) dispatch({type: 'run', action: {type: 'run-events', generation, events: current}});
	}

	function onEvent(runGeneration: number, event: RunEvent): void {
		pending.push({generation: runGeneration, event});
		if (event.type === 'finished') flush();
		else timer ??= setTimeout(flush, batchMs);
	}

	async function launch(tenants: readonly Tenant[], options: {dryRun: boolean; retry: boolean; plan?: WritePlan}): Promise<void> {
		const connection = context.connection();
		const {operation, params} = state();
		if (!connection || !operation || !params) return;
		const mine = ++generation;
		const plan = options.plan;
		// A retry takes its confirmed targets into the run's plan (a dry run's retry keeps the run's);
		// a new run takes the confirmed plan's.
		if (!options.retry) runTargets = {plan};
		else if (plan) runTargets.plan = runTargets.plan ? retargeted(runTargets.plan, plan) : plan;
		const targets = runTargets;
		const confirmed = targets.plan;
		// A full or read-only disk mid-run: say so once, start no new tenants, let running ones finish.
		let storageFailure: string | undefined;
		const onStorageFailure = (error: Error) => {
			if (storageFailure) return;
			storageFailure = describeError(error);
			storageFailedInSession = true;
			handle?.cancel();
			notify('danger', `${describeError(error)} No new tenants are started; those running finish.`);
		};
		// A state folder that cannot be written (read-only, full) fails the run before it starts; quitting
		// then exits with the storage code too, as it does after a disk fills mid-run.
		const failedToStart = (error: unknown): never => {
			if (error instanceof TenantdeckError && error.kind === 'storage') storageFailedInSession = true;
			throw error;
		};
		// The connection's folders: practice runs live under the sandbox's own folder.
		const [ports, profile] = await Promise.all([deps.runPorts(connection, connection.folders.state, context.account()?.username ?? 'unknown'), deps.runSettings(folders.config)]).catch(failedToStart);
		const audited = countingAudit({...ports, now: deps.now});
		// A dry run (its retry too) notes the targets it finds missing, so the confirmation it returns to
		// leaves them out: the confirmation's plan as it is now, checked again when the run ends.
		const current = state().writePlan;
		const confirmation = options.dryRun && current?.phase === 'ready' ? current.plan : undefined;
		const noted = notingMissing(audited.ports);
		const launched = await launchRun(noted.ports, {
			onStorageFailure,
			operation, params, tenants, dryRun: options.dryRun,
			paramsFor: confirmed ? tenant => paramsFor(targets.plan ?? confirmed, params, tenant) : undefined,
			settings: resolveRunSettings({}, profile),
			onFolder: folder => {
				runs = options.retry ? [...runs, folder] : [folder];
				const at = deps.now();
				if (options.retry) dispatch({type: 'run', action: {type: 'retry-started', generation: mine, tenants, at}});
				else dispatch({type: 'run', action: {type: 'run-started', generation: mine, operationId: operation.id, title: options.dryRun ? `${operation.title} (dry run)` : operation.title, dryRun: options.dryRun, tenants, at}});
				dispatch({type: 'run-opened', folder: folder.path});
			},
			onEvent: event => onEvent(mine, event),
		}).catch(failedToStart);
		handle = launched.handle;
		const summary = await handle.done;
		if (mine !== generation) return;
		flush();
		const failed = summary.failed > 0 ? `, ${summary.failed} failed (r retries them)` : '';
		if (storageFailure) return notify('danger', `Stopped early: ${storageFailure} ${summary.succeeded} done, ${summary.cancelled} not started.`);
		// What the dry run found missing, as the confirmation now leaves it out (and says so).
		let leftOut = '';
		if (confirmation) {
			const narrowed = withoutMissing(confirmation, noted.missing());
			const count = (narrowed.missing?.length ?? 0) - (confirmation.missing?.length ?? 0);
			if (count > 0) {
				dispatch({type: 'write-plan-narrowed', from: confirmation, plan: narrowed});
				leftOut = ` ${counted(count, confirmation.declaration?.noun ?? 'target')} not found ${count === 1 ? 'is' : 'are'} left out of the change.`;
			}
		}
		// After every real write, where its changes were recorded (or that nothing was).
		const path = auditLogPath(connection.folders.state);
		const recorded = operation.risk !== 'write' || options.dryRun ? '' : audited.count() > 0 ? ` Changes recorded in ${path}` : ` Nothing was changed (audit log: ${path})`;
		notify(summary.failed > 0 ? 'danger' : 'success', `Finished: ${summary.succeeded} done${failed}, ${counted(summary.rows, 'row')}. v shows the results.${recorded}${leftOut}`);
	}

	return {
		operationsMove: to => dispatch({type: 'operations-move', to}),
		chooseOperation: () => {
			const operation = state().operations[state().operationCursor];
			if (!operation) return;
			// PowerShell takes seconds to start: warm it while the admin fills in the form.
			if (operation.backend === 'exchange') context.connection()?.supervisor?.warm(selectedTenants(state().picker).length);
			dispatch({type: 'operation-chosen', operation});
		},
		formFocus: delta => dispatch({type: 'form', action: {type: 'form-focus', delta}}),
		formEdit: value => dispatch({type: 'form', action: {type: 'form-edit', value}}),
		formCycle: delta => dispatch({type: 'form', action: {type: 'form-cycle', delta}}),
		submitParams: guard(async () => {
			const {operation, form} = state();
			if (!operation || !form) return;
			const {checkParams} = await import('../core/params.js');
			const checked = checkForm(operation, form, checkParams);
			if ('error' in checked) {
				dispatch({type: 'form', action: {type: 'form-error', error: checked.error}});
				return;
			}
			dispatch({type: 'params-accepted', params: checked.params});
			if (operation.risk === 'read') await launch(selectedTenants(state().picker), {dryRun: false, retry: false});
			else await checkTargets(selectedTenants(state().picker), checked.params);
		}),
		editConfirm: text => dispatch({type: 'confirm-edited', text}),
		confirmGo: guard(async () => {
			const ready = readyPlan();
			if (!ready) return;
			const {plan, retry} = ready;
			const typed = state().confirmText.trim().toLowerCase();
			if (typed !== 'yes' && typed !== String(plan.tenants.length)) {
				notify('danger', `Type ${plan.tenants.length} (the number of tenants that change) or yes to make this change.`);
				return;
			}
			// Retrying while the run is live: the failed tenants rejoin it with the targets just confirmed
			// (in place before they are queued: a tenant may start at once).
			if (retry === 'live' && isRunLive(state().run)) {
				const before = runTargets.plan;
				if (before) runTargets.plan = retargeted(before, plan);
				if (handle?.retry(plan.tenants)) {
					dispatch({type: 'navigate', move: 'launch'});
					notify('info', `Retrying ${counted(plan.tenants.length, 'failed tenant')} in this run.`);
					return;
				}
				runTargets.plan = before;
			}
			// A retry of a real run adds to it; after a dry run in between, the change is a run of its own.
			await launch(plan.tenants, {dryRun: false, retry: retry !== undefined && state().run?.dryRun === false, plan});
		}),
		dryRun: guard(async () => {
			const ready = readyPlan();
			if (!ready) return;
			if (ready.retry === 'live' && isRunLive(state().run)) return notify('info', 'A dry run can start once this run has finished; Enter retries the failed tenants now.');
			await launch(ready.plan.tenants, {dryRun: true, retry: false, plan: ready.plan});
		}),
		dropUnmatched: () => {
			const current = state().writePlan;
			if (current?.phase !== 'ready' || current.plan.problems.length === 0) return notify('info', 'Every name matches a selected tenant: nothing to drop.');
			dispatch({type: 'targets-dropped'});
			const after = state().writePlan;
			if (after?.phase === 'ready' && after.plan.tenants.length === 0) notify('danger', 'None of the names is left to change: Esc goes back to the form.');
		},
		runMove: to => dispatch({type: 'run', action: {type: 'run-move', to}}),
		runView: action => dispatch({type: 'run', action}),
		askCancel: () => dispatch({type: 'run', action: {type: 'run-ask-cancel'}}),
		cancelRun: mode => {
			handle?.cancel({abortRunning: mode === 'all'});
			dispatch({type: 'run', action: {type: 'run-cancelling', mode}});
			notify('info', mode === 'all' ? 'Stopping: aborting running tenants, skipping the rest.' : 'Stopping: tenants not started are skipped; running ones finish.');
		},
		keepRunning: () => dispatch({type: 'run', action: {type: 'run-keep-going'}}),
		cancelTenant: () => {
			const run = state().run;
			const row = run && selectedRun(run);
			if (!row || !handle || !isRunLive(state().run)) return;
			if (handle.cancelTenant(row.tenant.tenantId)) notify('info', `Cancelling ${row.tenant.tenantName}; the other tenants go on.`);
		},
		retryFailed: guard(async () => {
			const run = state().run;
			if (!run) return;
			const failed = failedInView(run);
			if (failed.length === 0) return notify('info', 'No tenant failed, so there is nothing to retry.');
			// A real write is never retried straight away: the failed tenants go through the confirmation,
			// their targets checked again and a dry run offered.
			if (state().operation?.risk === 'write' && !run.dryRun) {
				dispatch({type: 'retry-confirm', live: isRunLive(run)});
				const params = state().params ?? {};
				const retryPlan = runTargets.plan ? planFor(runTargets.plan, failed) : undefined;
				const declared = retryPlan?.declaration;
				const narrowed = retryPlan && declared ? {...params, [declared.param]: [...retryPlan.tenants.flatMap(tenant => retryPlan.targets.get(tenant.tenantId) ?? [])]} : params;
				await checkTargets(failed, narrowed);
				return;
			}
			// While the run is going its failed tenants rejoin its queue: same run folder, same screen.
			if (isRunLive(run)) {
				if (handle?.retry(failed)) notify('info', `Retrying ${counted(failed.length, 'failed tenant')} in this run.`);
				return;
			}
			// A retry repeats the run it belongs to: a dry run's retry must stay dry.
			await launch(failed, {dryRun: run.dryRun ?? false, retry: true});
		}),
		saveRunbook: guard(async () => {
			const {operation, form, run} = state();
			const connection = context.connection();
			if (!operation || !run || isRunLive(run) || !connection) return;
			const params = Object.fromEntries(Object.entries(form?.values ?? {}).filter(([, value]) => value !== '').map(([name, value]) => [name, String(value)]));
			// In the connection's config folder: a practice run's runbook names practice tenants, so it stays
			// with practice (and goes with tenantdeck sandbox --reset).
			const path = await deps.saveRunbook(connection.folders.config, {operation: operation.id, tenants: run.tenants.map(row => row.tenant.tenantDomain), params});
			notify('info', `Saved as a runbook: ${path}. Replay it with: tenantdeck run --runbook ${path}`);
		}),
		...rowIntents,
		newRun: () => dispatch({type: 'navigate', move: 'new-run'}),
		table: (which, action) => dispatch({type: which, action}),
		async stopForQuit() {
			if (!handle || !isRunLive(state().run)) return;
			handle.cancel({abortRunning: true});
			// Running tenants see the abort at their next request; do not wait on a hung one, because the
			// supervisor's shutdown (next) must finish closing connections within teardown's hard limit.
			await settleWithin(handle.done.catch(() => undefined), 300);
		},
		storageFailed: () => storageFailedInSession,
	};
}
