// r on a real write never writes straight away: finished or live, the failed tenants go through the
// confirmation (Esc back to the run, Enter with the count to go); a dry run's retry stays a dry run
// without asking (controller.test.ts), since it changes nothing.

import test from 'ava';
import {defineOperation} from '../../source/core/operation.js';
import {TenantdeckError} from '../../source/core/errors.js';
import {writeOp, tenants} from './fixtures.js';
import type {Controller} from '../../source/app/controller.js';
import type {Store} from '../../source/app/store.js';
import {setup, toTenants, until} from './controller-setup.js';

/** Every tenant selected, the only operation chosen with its defaults, up to its confirmation. */
async function toConfirmation(store: Store, controller: Controller): Promise<void> {
	await toTenants(store, controller);
	controller.picker({type: 'toggle-all-visible'});
	controller.continueToOperations();
	controller.chooseOperation();
	controller.submitParams();
	await until(store, state => state.writePlan?.phase === 'ready', 'the confirmation');
}

test.serial('r after a finished write opens the confirmation for the failed tenants; nothing runs until the count is typed', async t => {
	const attempts: string[] = [];
	const flaky = defineOperation({
		...writeOp, id: 'flaky-set',
		async * run({tenant, dryRun}) {
			attempts.push(`${tenant.tenantName}${dryRun ? ' dry' : ''}`);
			if (tenant.tenantName === 'Customer 0001' && attempts.filter(name => name === 'Customer 0001').length === 1) throw new TenantdeckError('throttled', 'Too many requests.');
			yield {target: tenant.tenantDomain, result: dryRun ? 'would change' : 'changed'};
		},
	});
	const {store, controller} = await setup(t, {operations: [flaky], list: async () => tenants(3)});
	await toConfirmation(store, controller);
	controller.editConfirm('3');
	controller.confirmGo();
	const first = await until(store, state => state.run?.finishedAt !== undefined, 'the write');
	t.deepEqual(first.run?.tenants.map(row => row.status), ['succeeded', 'failed', 'succeeded']);
	t.regex(first.notice?.text ?? '', /Changes recorded in .*audit\.jsonl$/);

	controller.retryFailed();
	const asked = await until(store, state => state.screen === 'confirm' && state.writePlan?.phase === 'ready', 'the retry confirmation');
	t.is(asked.writePlan?.retry, 'finished');
	t.deepEqual(asked.writePlan?.phase === 'ready' ? asked.writePlan.plan.tenants.map(tenant => tenant.tenantName) : [], ['Customer 0001']);
	t.is(attempts.length, 3, 'nothing ran yet');
	// The old count does not carry over: this confirmation is for one tenant.
	controller.confirmGo();
	t.is(store.getState().screen, 'confirm');
	controller.back();
	t.is(store.getState().screen, 'run', 'Esc goes back to the run');

	controller.retryFailed();
	await until(store, state => state.screen === 'confirm' && state.writePlan?.phase === 'ready', 'the retry confirmation again');
	controller.dryRun();
	await until(store, state => state.run?.dryRun === true && state.run.finishedAt !== undefined, 'the retry\'s dry run');
	t.deepEqual(attempts.slice(3), ['Customer 0001 dry']);
	controller.back();
	t.is(store.getState().screen, 'confirm', 'after the dry run, back to the confirmation');
	controller.editConfirm('1');
	controller.confirmGo();
	await until(store, state => state.run?.dryRun === false && state.run.finishedAt !== undefined && state.run.tenants.every(row => row.status === 'succeeded'), 'the retry');
	t.deepEqual(attempts.slice(4), ['Customer 0001']);
});

test.serial('r while a write is live also asks first; Enter then rejoins the failed tenant to the same run', async t => {
	let release!: () => void;
	const held = new Promise<void>(resolve => (release = resolve));
	let failures = 0;
	const live = defineOperation({
		...writeOp, id: 'live-set',
		async * run({tenant}) {
			if (tenant.tenantName === 'Customer 0000' && failures++ === 0) throw new TenantdeckError('throttled', 'Too many requests.');
			if (tenant.tenantName === 'Customer 0001') await held;
			yield {target: tenant.tenantDomain, result: 'changed'};
		},
	});
	const {store, controller} = await setup(t, {operations: [live], list: async () => tenants(2)});
	await toConfirmation(store, controller);
	controller.editConfirm('yes');
	controller.confirmGo();
	await until(store, state => state.run?.tenants[0]?.status === 'failed', 'the first tenant failing while the second runs');
	controller.retryFailed();
	const asked = await until(store, state => state.screen === 'confirm' && state.writePlan?.phase === 'ready', 'the live retry confirmation');
	t.is(asked.writePlan?.retry, 'live');
	t.is(failures, 1, 'not retried yet');
	controller.dryRun();
	t.regex(store.getState().notice?.text ?? '', /dry run can start once this run has finished/);
	controller.editConfirm('1');
	controller.confirmGo();
	await until(store, state => state.screen === 'run' && state.run?.tenants[0]?.status === 'succeeded', 'the retry in the live run');
	t.is(store.getState().run?.generation, 1, 'the same run');
	release();
	await until(store, state => state.run?.finishedAt !== undefined, 'the run');
});
