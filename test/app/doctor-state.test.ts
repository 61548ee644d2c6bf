// The access check's reducer: tenants that are not ready come first, and rows from a check the
// admin has left (or started again) are dropped.
import test from 'ava';
import {createDoctorState, doctorReducer, doctorSummary} from '../../source/app/state/doctor-state.js';
import type {DoctorRow} from '../../source/core/doctor.js';
import {readOp, tenants} from './fixtures.js';

const [a, b, c] = tenants(3);
const ok = {ok: true, text: 'ok'};
const row = (tenant: typeof a, ready: boolean): DoctorRow => ({tenant: tenant!, ready, consent: ok, scopes: ok, gdap: ok, reachable: ok, why: ready ? '' : 'because'});

test('rows arrive in any order and show not ready first, by domain; a stale check\'s rows are dropped', t => {
	let state = doctorReducer(createDoctorState(), {type: 'doctor-opened', choices: [readOp], cursor: 0});
	state = doctorReducer(state, {type: 'check-started', operation: readOp, total: 3});
	const {generation} = state;
	state = doctorReducer(state, {type: 'row', generation, row: row(a, true)});
	state = doctorReducer(state, {type: 'row', generation, row: row(c, false)});
	state = doctorReducer(state, {type: 'row', generation: generation - 1, row: row(b, false)});
	t.deepEqual(state.rows.map(entry => entry.tenant.tenantId), [c!.tenantId, a!.tenantId]);
	t.regex(doctorSummary(state), /2 of 3 checked, 1 not ready so far/);
	state = doctorReducer(state, {type: 'row', generation, row: row(b, false)});
	state = doctorReducer(state, {type: 'check-finished', generation});
	t.deepEqual(state.rows.map(entry => entry.ready), [false, false, true]);
	t.regex(doctorSummary(state), /2 of 3 tenants are not ready/);
	const again = doctorReducer(state, {type: 'choose-again'});
	t.is(doctorReducer(again, {type: 'row', generation, row: row(a, true)}).rows.length, 0, 'rows of the old check never land');
});
