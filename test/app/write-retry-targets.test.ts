// A retried write runs the targets as they are resolved now, not as the first confirmation had them:
// r re-checks the failed tenants' names against the sandbox (real HTTP, real MSAL), a name gone since
// is listed and can be dropped, and the tenant that rejoins the live run (or a later retry) runs
// without it. The operation is a test one so the test decides which tenant fails and when.

import test from 'ava';
import {z} from 'zod';
import {createController} from '../../source/app/controller.js';
import {productionDeps} from '../../source/app/controller-deps.js';
import {initialAppState, type AppState} from '../../source/app/state/app-state.js';
import {createStore} from '../../source/app/store.js';
import {changeColumns, defineOperation} from '../../source/core/operation.js';
import {TenantdeckError} from '../../source/core/errors.js';
import {resetTeardownForTests} from '../../source/core/teardown.js';
import {oneConsoleAtATime} from '../helpers/one-console.js';
import {startSandbox} from '../../source/sandbox/server.js';
import {tempEnv} from '../helpers/headless.js';

type Attempt = {tenant: string; users: string[]};

/** A write on named users whose tenants fail or wait as the test says; every attempt is recorded. */
function userWrite(behave: (tenant: string, attempt: number) => Promise<void>) {
	const attempts: Attempt[] = [];
	const operation = defineOperation({
		id: 'user-stamp', title: 'Stamp users', description: 'Test write on named users.', risk: 'write', backend: 'graph',
		powershell: 'Update-MgUser', targets: {param: 'users', lookup: 'user', noun: 'user'},
		powershellFor: (params, tenant) => params.users.map(user => `Update-MgUser -UserId ${user} # ${tenant?.tenantDomain ?? ''}`),
		params: z.object({users: z.string().transform(text => text.split(',').map(part => part.trim().toLowerCase()).filter(Boolean))}),
		columns: changeColumns,
		async * run({tenant}, params) {
			attempts.push({tenant: tenant.tenantDomain, users: [...params.users]});
			await behave(tenant.tenantDomain, attempts.filter(attempt => attempt.tenant === tenant.tenantDomain).length);
			for (const user of params.users) yield {target: user, property: 'stamp', before: '', after: 'x', result: 'changed'};
		},
	});
	return {operation, attempts};
}

async function consoleOn(t: import('ava').ExecutionContext, operation: ReturnType<typeof userWrite>['operation']) {
	oneConsoleAtATime(t);
	const sandbox = await startSandbox({deviceCodeIntervalSec: 0});
	t.teardown(() => sandbox.stop());
	t.teardown(() => resetTeardownForTests());
	const store = createStore(initialAppState());
	const controller = createController(store, {sandbox: true, sandboxUrl: sandbox.url, env: await tempEnv()}, {...productionDeps(), operations: async () => ({operations: [operation], problems: []})});
	const until = async (check: (state: AppState) => boolean, what: string) => {
		for (let waited = 0; waited < 60_000; waited += 20) {
			if (check(store.getState())) return store.getState();
			await new Promise(resolve => setTimeout(resolve, 20));
		}
		throw new Error(`timed out waiting for ${what}; screen ${store.getState().screen}, notice ${store.getState().notice?.text}`);
	};
	const world = sandbox.context.world;
	const members = (domain: string) => world.detail(world.find(domain)!).users.filter(user => user.userType === 'Member' && user.userPrincipalName.endsWith(`@${domain}`)).map(user => user.userPrincipalName.toLowerCase());
	const deleteUser = async (domain: string, user: string) => {
		const response = await fetch(`${sandbox.url}/_sandbox/delete-user`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({tenant: domain, user})});
		t.is(response.status, 200);
	};
	controller.start();
	const ready = await until(state => state.tenantsPhase === 'ready', 'the tenant list');
	/** Selects the tenants, fills in the users and confirms the write with the tenant count. */
	const write = async (domains: readonly string[], users: readonly string[]) => {
		controller.picker({type: 'select-ids', ids: ready.picker.tenants.filter(tenant => domains.includes(tenant.tenantDomain)).map(tenant => tenant.tenantId)});
		controller.continueToOperations();
		controller.chooseOperation();
		controller.formEdit(users.join(', '));
		controller.submitParams();
		await until(state => state.writePlan?.phase === 'ready', 'the confirmation');
		controller.editConfirm(String(domains.length));
		controller.confirmGo();
	};
	/** r, then the retry's confirmation once its names are checked again. */
	const retry = async () => {
		controller.retryFailed();
		const asked = await until(state => state.screen === 'confirm' && state.writePlan?.phase === 'ready', 'the retry confirmation');
		return asked.writePlan?.phase === 'ready' ? asked.writePlan.plan : undefined;
	};
	return {store, controller, until, members, deleteUser, write, retry};
}

const clifton = 'cliftondental.com';
const orchard = 'orcharddental.com';

test.serial('a tenant rejoining a live write runs the targets re-checked at r: a user deleted since is listed, dropped, and not attempted', async t => {
	let release!: () => void;
	const held = new Promise<void>(resolve => (release = resolve));
	const {operation, attempts} = userWrite(async (tenant, attempt) => {
		if (tenant === clifton && attempt === 1) throw new TenantdeckError('throttled', 'Too many requests.');
		if (tenant === orchard) await held;
	});
	const {store, controller, until, members, deleteUser, write, retry} = await consoleOn(t, operation);
	const [gone, kept] = members(clifton);
	const other = members(orchard)[0]!;
	await write([clifton, orchard], [gone!, kept!, other]);
	await until(state => state.run?.tenants.find(row => row.tenant.tenantDomain === clifton)?.status === 'failed', 'Clifton failing while Orchard runs');
	t.deepEqual([...attempts].sort((a, b) => a.tenant.localeCompare(b.tenant)), [{tenant: clifton, users: [gone!, kept!]}, {tenant: orchard, users: [other]}], 'each tenant ran its own users');

	await deleteUser(clifton, gone!);
	const plan = await retry();
	t.is(store.getState().writePlan?.retry, 'live');
	t.deepEqual(plan?.problems.map(problem => [problem.target, problem.reason]), [[gone, 'not-found']], 'the names were checked again');
	controller.dropUnmatched();
	controller.editConfirm('1');
	controller.confirmGo();
	await until(state => state.screen === 'run' && state.run?.tenants.find(row => row.tenant.tenantDomain === clifton)?.status === 'succeeded', 'Clifton retried in the live run');
	t.is(store.getState().run?.finishedAt, undefined, 'it rejoined the run still going');
	t.deepEqual(attempts.filter(attempt => attempt.tenant === clifton).map(attempt => attempt.users), [[gone, kept], [kept]], 'the retry ran without the dropped user');
	release();
	await until(state => state.run?.finishedAt !== undefined, 'the run');
	t.deepEqual(attempts.filter(attempt => attempt.tenant === orchard).map(attempt => attempt.users), [[other]], 'the other tenant ran once, with its own user');
	controller.requestQuit('signal');
	await controller.exited;
});

test.serial('a second r after a retry starts from the targets the first retry confirmed, not the original ones', async t => {
	const {operation, attempts} = userWrite(async (tenant, attempt) => {
		if (tenant === clifton && attempt <= 2) throw new TenantdeckError('throttled', 'Too many requests.');
	});
	const {controller, until, members, deleteUser, write, retry} = await consoleOn(t, operation);
	const [gone, kept] = members(clifton);
	await write([clifton, orchard], [gone!, kept!, members(orchard)[0]!]);
	await until(state => state.run?.finishedAt !== undefined, 'the write');

	await deleteUser(clifton, gone!);
	const first = await retry();
	t.is(first?.problems.length, 1);
	controller.dropUnmatched();
	controller.editConfirm('1');
	controller.confirmGo();
	await until(state => state.screen === 'run' && state.run?.finishedAt !== undefined && attempts.filter(attempt => attempt.tenant === clifton).length === 2, 'the first retry');
	t.deepEqual(attempts.at(-1), {tenant: clifton, users: [kept]});

	// Clifton failed again: the second retry asks about the one user it still has, and runs only that.
	const second = await retry();
	t.deepEqual(second?.problems, [], 'the dropped user does not come back');
	t.deepEqual([...second!.targets.values()], [[kept]]);
	controller.editConfirm('1');
	controller.confirmGo();
	await until(state => attempts.filter(attempt => attempt.tenant === clifton).length === 3 && state.run?.finishedAt !== undefined, 'the second retry');
	t.deepEqual(attempts.at(-1), {tenant: clifton, users: [kept]});
	controller.requestQuit('signal');
	await controller.exited;
});
