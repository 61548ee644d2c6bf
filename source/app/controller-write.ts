// The console's checks before a write: its targets matched to the tenants (reads only) for the
// confirmation, and the one place that says why a confirmed write cannot start yet.

import {describeError} from '../core/errors.js';
import type {Tenant} from '../core/tenant.js';
import {resolveWriteTargets, type WritePlan} from '../core/write-targets.js';
import type {ControllerContext} from './controller-context.js';

export function createWriteChecks(context: ControllerContext) {
	const {store, notify} = context;
	const {dispatch} = store;
	const state = () => store.getState();
	// Only the latest check may fill the confirmation: an older one (Esc, edit, Enter again) is dropped.
	let latest = 0;

	/** Matches the write's targets to these tenants (reads only) and puts the plan on the confirmation. */
	async function checkTargets(tenants: readonly Tenant[], params: Record<string, unknown>): Promise<void> {
		const connection = context.connection();
		const operation = state().operation;
		if (!connection || !operation) return;
		const mine = ++latest;
		try {
			const plan = await resolveWriteTargets({operation, params, selected: tenants, known: state().picker.tenants, graph: connection.graph});
			if (mine === latest) dispatch({type: 'write-plan-ready', plan});
		} catch (error) {
			if (mine === latest) dispatch({type: 'write-plan-failed', error: describeError(error)});
		}
	}

	/** The confirmed plan, or a notice saying why the write cannot start yet. */
	function readyPlan(): {plan: WritePlan; retry?: 'live' | 'finished'} | undefined {
		const current = state().writePlan;
		if (current?.phase !== 'ready') {
			notify('info', current?.phase === 'failed' ? 'The names could not be checked; Esc goes back to the form.' : 'Still checking the names against the selected tenants…');
			return undefined;
		}
		if (current.plan.problems.length > 0) {
			notify('danger', current.retry
				? 'Some names match no tenant being retried: Ctrl+D drops them, Esc goes back to the run.'
				: 'Some names match no selected tenant: Esc fixes them in the form (values kept), Ctrl+D drops them.');
			return undefined;
		}
		if (current.plan.tenants.length === 0) {
			notify('danger', 'None of the names is left to change: Esc goes back to the form.');
			return undefined;
		}
		return {plan: current.plan, retry: current.retry};
	}

	return {checkTargets, readyPlan};
}
