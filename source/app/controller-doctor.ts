// The access check screen's intents: d in the tenant picker opens it on the operation to check
// for, Enter runs the preflight (core/doctor.ts, the same as `tenantdeck doctor`) over the selected
// tenants or all, rows arrive one by one; r checks again, o picks another operation, Esc goes back.

import {describeError} from '../core/errors.js';
import type {AnyOperation} from '../core/operation.js';
import {guarded, type ControllerContext} from './controller-context.js';
import {selectedTenants} from './state/picker-state.js';

export type DoctorIntents = {
	/** Opens the access check on the operation chooser (the current operation highlighted). */
	checkAccess(): void;
	doctorChoiceMove(to: number): void;
	/** Checks the selected tenants (or all) for the highlighted operation. */
	doctorCheck(): void;
	doctorAgain(): void;
	doctorChooseOperation(): void;
	doctorMove(to: number): void;
	closeDoctor(): void;
};

export function createDoctorIntents(context: ControllerContext): DoctorIntents {
	const {store, notify} = context;
	const {dispatch} = store;
	const state = () => store.getState();
	let abort: AbortController | undefined;

	function stop(): void {
		abort?.abort();
		abort = undefined;
	}

	async function check(operation: AnyOperation): Promise<void> {
		const connection = context.connection();
		if (!connection) return;
		stop();
		const mine = new AbortController();
		abort = mine;
		const picked = selectedTenants(state().picker);
		const tenants = picked.length > 0 ? picked : state().picker.tenants;
		dispatch({type: 'doctor', action: {type: 'check-started', operation, total: tenants.length}});
		const generation = state().doctor!.generation;
		const {preflight} = await import('../core/doctor.js');
		try {
			await preflight({
				operation, tenants, auth: connection.auth, graph: connection.graph, signal: mine.signal,
				onRow: row => dispatch({type: 'doctor', action: {type: 'row', generation, row}}),
			});
			dispatch({type: 'doctor', action: {type: 'check-finished', generation}});
		} catch (error) {
			// A revoked sign-in stops the whole check: it is no tenant's fault. The tenants still being
			// checked stop too, so no rows appear under the failure.
			mine.abort();
			dispatch({type: 'doctor', action: {type: 'check-failed', generation, error: describeError(error)}});
		}
	}

	return {
		checkAccess: () => {
			if (!context.connection() || state().picker.tenants.length === 0) {
				notify('info', 'There are no tenants to check yet.');
				return;
			}
			void import('../core/doctor.js').then(({catalogCheck}) => {
				const {operations, operation} = state();
				const choices = [catalogCheck(operations), ...operations];
				const current = operation ? choices.findIndex(choice => choice.id === operation.id) : 0;
				dispatch({type: 'doctor', action: {type: 'doctor-opened', choices, cursor: Math.max(0, current)}});
				dispatch({type: 'navigate', move: 'doctor'});
			}).catch(error => notify('danger', describeError(error)));
		},
		doctorChoiceMove: to => dispatch({type: 'doctor', action: {type: 'choice-move', to}}),
		doctorCheck: guarded(context, async () => {
			const doctor = state().doctor;
			const operation = doctor?.choices[doctor.choiceCursor];
			if (operation) await check(operation);
		}),
		doctorAgain: guarded(context, async () => {
			const operation = state().doctor?.operation;
			if (operation) await check(operation);
		}),
		doctorChooseOperation: () => {
			stop();
			dispatch({type: 'doctor', action: {type: 'choose-again'}});
		},
		doctorMove: to => dispatch({type: 'doctor', action: {type: 'move', to}}),
		closeDoctor: () => {
			stop();
			dispatch({type: 'navigate', move: 'back'});
		},
	};
}
