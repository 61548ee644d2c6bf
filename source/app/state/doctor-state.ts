// The access check screen (d in the tenant picker): first which operation to check for, then one
// row per tenant as the preflight (core/doctor.ts) answers, tenants that are not ready first. A
// generation number drops rows from a check the admin has since left or started again.

import type {DoctorRow} from '../../core/doctor.js';
import type {AnyOperation} from '../../core/operation.js';
import {counted} from '../../core/write-targets.js';

export type DoctorState = {
	readonly phase: 'choosing' | 'checking' | 'done' | 'failed';
	/** What can be checked: every operation at once (consent only) first, then each operation. */
	readonly choices: readonly AnyOperation[];
	readonly choiceCursor: number;
	/** The operation being checked, once chosen. */
	readonly operation?: AnyOperation;
	/** How many tenants are being checked. */
	readonly total: number;
	/** Not ready first, then by domain. */
	readonly rows: readonly DoctorRow[];
	readonly cursor: number;
	readonly generation: number;
	/** Why the whole check stopped (a revoked sign-in), ready to show. */
	readonly error?: string;
};

export type DoctorAction =
	| {type: 'doctor-opened'; choices: readonly AnyOperation[]; cursor: number}
	| {type: 'choice-move'; to: number}
	| {type: 'check-started'; operation: AnyOperation; total: number}
	| {type: 'row'; generation: number; row: DoctorRow}
	| {type: 'check-finished'; generation: number}
	| {type: 'check-failed'; generation: number; error: string}
	| {type: 'move'; to: number}
	| {type: 'choose-again'};

const clamp = (to: number, count: number) => Math.min(Math.max(0, to), Math.max(0, count - 1));

export function createDoctorState(): DoctorState {
	return {phase: 'choosing', choices: [], choiceCursor: 0, total: 0, rows: [], cursor: 0, generation: 0};
}

function byReadiness(a: DoctorRow, b: DoctorRow): number {
	if (a.ready !== b.ready) return a.ready ? 1 : -1;
	return a.tenant.tenantDomain.localeCompare(b.tenant.tenantDomain);
}

export function doctorReducer(state: DoctorState, action: DoctorAction): DoctorState {
	switch (action.type) {
		case 'doctor-opened': return {...createDoctorState(), choices: action.choices, choiceCursor: clamp(action.cursor, action.choices.length), generation: state.generation + 1};
		case 'choice-move': return {...state, choiceCursor: clamp(action.to, state.choices.length)};
		case 'check-started': return {...state, phase: 'checking', operation: action.operation, total: action.total, rows: [], cursor: 0, error: undefined, generation: state.generation + 1};
		case 'row': {
			if (action.generation !== state.generation) return state;
			const rows = [...state.rows, action.row].sort(byReadiness);
			return {...state, rows};
		}
		case 'check-finished': return action.generation === state.generation ? {...state, phase: 'done'} : state;
		case 'check-failed': return action.generation === state.generation ? {...state, phase: 'failed', error: action.error} : state;
		case 'move': return {...state, cursor: clamp(action.to, state.rows.length)};
		case 'choose-again': return {...state, phase: 'choosing', rows: [], cursor: 0, generation: state.generation + 1};
	}
}

/** One line on how the check stands. */
export function doctorSummary(state: DoctorState): string {
	const notReady = state.rows.filter(row => !row.ready).length;
	const checked = `${state.rows.length} of ${state.total} checked`;
	if (state.phase === 'checking') return `${checked}${notReady ? `, ${notReady} not ready so far` : ''}…`;
	const what = state.operation?.id ?? 'this';
	if (notReady === 0) return state.total === 1 ? `The tenant is ready for ${what}.` : `All ${state.total} tenants are ready for ${what}.`;
	return `${notReady} of ${counted(state.total, 'tenant')} ${notReady === 1 ? 'is' : 'are'} not ready: fix ${notReady === 1 ? 'it' : 'them'} before the run (the fix is under the table).`;
}
