// Console dependencies for tests that drive the whole app: temp folders, a signed-in fake
// connection whose closes are counted, and a fixed customer list. Folders and teardown state are
// cleaned up after the test.

import type {ExecutionContext} from 'ava';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {productionDeps, type ControllerDeps} from '../../source/app/controller-deps.js';
import {resetTeardownForTests} from '../../source/core/teardown.js';
import {unexpectedExchange, unexpectedGraph} from '../fakes/ports.js';
import {readOp, tenants} from './fixtures.js';

export async function fakeConsoleDeps(t: ExecutionContext, tenantCount: number) {
	const root = await mkdtemp(join(tmpdir(), 'tenantdeck-app-'));
	const folders = {config: join(root, 'config'), state: join(root, 'state'), cache: join(root, 'cache')};
	const account = {username: 'ann@partner.com', homeTenantId: 'p'};
	let closed = 0;
	let listed = false;
	const deps: ControllerDeps = {
		...productionDeps(),
		operations: async () => ({operations: [readOp], problems: []}),
		folders: () => folders,
		hasProfile: async () => false,
		openConnection: async () => ({
			cloud: {kind: 'sandbox' as const}, folders,
			auth: {signIn: async () => account, account: async () => account, token: async () => 'x', signOut: async () => {}},
			graph: unexpectedGraph,
			exchange: unexpectedExchange,
			close: async () => {
				closed++;
			},
		}),
		loadTenants: async () => {
			listed = true;
			return tenants(tenantCount);
		},
	};
	t.teardown(async () => {
		resetTeardownForTests();
		await rm(root, {recursive: true, force: true});
	});
	return {deps, folders, closed: () => closed, listed: () => listed};
}
