// Speed targets that used to sit in unit tests as wall-clock assertions (and failed on a busy
// machine): measured here instead, side by side, each printed against its goal. Tests keep the
// behaviour; this file keeps the numbers.

import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {existsSync} from 'node:fs';
import {join} from 'node:path';
import {createPickerState, pickerReducer} from '../source/app/state/picker-state.js';
import {createRunState, runReducer, viewOf} from '../source/app/state/run-state.js';
import {World} from '../source/sandbox/world.js';
import {Supervisor} from '../source/core/supervisor.js';
import {engineHostPath} from '../source/adapters/powershell/find-powershell.js';
import type {Tenant} from '../source/core/tenant.js';
import {FakeWorld} from '../test/core/supervisor-fakes.js';
import {tenants} from '../test/app/fixtures.js';
import {median, tempHome} from './measure.js';

type Target = {name: string; goalMs: number; measure: () => Promise<number> | number};

const time = async (work: () => unknown): Promise<number> => {
	const started = performance.now();
	await work();
	return performance.now() - started;
};

const targets: Target[] = [
	{name: 'picker-state: filter 5,000 tenants, per key', goalMs: 10, measure: async () => {
		let state = createPickerState(tenants(5000));
		const filters = ['c', 'cu', 'cus', 'cust', 'custo', 'custom', 'customer 4', 'customer 49', 'customer 499'];
		return (await time(() => {
			for (const filter of filters) state = pickerReducer(state, {type: 'set-filter', filter});
		})) / filters.length;
	}},
	{name: 'run-state: fold a batch of 5,000 events', goalMs: 200, measure: () => {
		const many = tenants(5000);
		const state = createRunState({type: 'run-started', generation: 1, operationId: 'x', title: 'X', tenants: many, at: 0});
		return time(() => runReducer(state, {type: 'run-events', generation: 1, events: many.map(tenant => ({type: 'succeeded' as const, tenant, rows: 1, durationMs: 1, at: 1}))}));
	}},
	{name: 'run view: re-sort 5,000 tenants (failures first) after a batch of events', goalMs: 30, measure: () => {
		const many = tenants(5000);
		const state = createRunState({type: 'run-started', generation: 1, operationId: 'x', title: 'X', tenants: many, at: 0});
		const folded = runReducer(state, {type: 'run-events', generation: 1, events: many.map((tenant, index) => (index % 97 === 0 ? {type: 'failed' as const, tenant, failure: {kind: 'forbidden' as const, message: 'No role'}, rows: 0, durationMs: index, at: 1} : {type: 'succeeded' as const, tenant, rows: 1, durationMs: index, at: 1}))});
		return time(() => viewOf(folded));
	}},
	{name: 'run view: move the cursor over 5,000 tenants, per key (the view is not derived again)', goalMs: 1, measure: () => {
		let state = createRunState({type: 'run-started', generation: 1, operationId: 'x', title: 'X', tenants: tenants(5000), at: 0});
		viewOf(state);
		return time(() => {
			for (let key = 0; key < 100; key++) state = runReducer(state, {type: 'run-move', to: key * 37});
		}).then(total => total / 100);
	}},
	{name: 'sandbox world: generate 5,000 customers', goalMs: 2000, measure: () => time(() => new World(1, 5000))},
	{name: 'supervisor: shutdown with a call past its budget (50 ms)', goalMs: 1000, measure: async () => {
		const world = new FakeWorld(() => new Promise(() => undefined));
		const subject = new Supervisor({powershell: world.port(), auth: {token: async () => 'token'}, shutdownBudgetMs: 50});
		const tenant: Tenant = {tenantId: 't0', tenantDomain: 't0.example', tenantName: 'T0', source: 'gdap'};
		let running!: () => void;
		const isRunning = new Promise<void>(resolve => (running = resolve));
		void subject.run({tenant, commands: ['Get-Mailbox'], script: '', args: {}, onPhase: phase => phase === 'running' && running()}).catch(() => undefined);
		await isRunning;
		return time(() => subject.shutdown());
	}},
	{name: 'engine host: exit on SIGTERM while a pipeline blocks', goalMs: 1000, measure: async () => {
		const host = engineHostPath();
		if (!existsSync(host)) throw new Error('engine host not built (npm run build:pwsh-host)');
		const child = spawn(host, ['-NoLogo', '-NoProfile', '-NonInteractive', '-NoExit', '-Command', '-'], {stdio: ['pipe', 'pipe', 'ignore']});
		const exited = once(child, 'exit');
		await new Promise<void>(resolve => {
			let out = '';
			child.stdout.on('data', chunk => (out += chunk) && out.includes('blocking') && resolve());
			child.stdin.write("[Console]::Out.WriteLine('blocking'); [System.Threading.Thread]::Sleep(60000)\n");
		});
		return time(async () => {
			child.kill('SIGTERM');
			await exited;
		});
	}},
	{name: 'headless run: exit after SIGINT mid-run (60 tenants, 300 ms latency)', goalMs: 5000, measure: async () => {
		const env = {...await tempHome(), TENANTDECK_SANDBOX_TENANTS: '60', TENANTDECK_SANDBOX_LATENCY_MS: '300', NODE_OPTIONS: ''};
		const child = spawn(process.execPath, ['--import=tsx', join(process.cwd(), 'cli.tsx'), 'run', '--sandbox', '--op', 'users-list', '--tenants', 'all', '--format', 'csv', '--concurrency', '4'], {env, stdio: ['ignore', 'ignore', 'pipe']});
		const exited = once(child, 'exit');
		await new Promise<void>(resolve => {
			let err = '';
			child.stderr.on('data', chunk => (err += chunk) && /\] done /.test(err) && resolve());
		});
		return time(async () => {
			child.kill('SIGINT');
			await exited;
		});
	}},
];

export async function benchUnitSpeeds(options: {rounds?: number} = {}): Promise<void> {
	const rounds = options.rounds ?? 3;
	for (const target of targets) {
		try {
			const samples: number[] = [];
			for (let round = 0; round < rounds; round++) samples.push(await target.measure());
			const value = median(samples);
			console.log(`   ${target.name}: median ${value.toFixed(1)} ms of ${rounds} (goal < ${target.goalMs} ms) ${value < target.goalMs ? 'ok' : 'OVER'}`);
		} catch (error) {
			console.log(`   ${target.name}: could not run: ${error instanceof Error ? error.message : String(error)}`);
		}
	}
}
