// Keystroke to frame while filtering 5,000 tenants (goal ≤ 30 ms): the real App, store and
// controller render through Ink to a fake terminal; each key is timed from stdin to the write
// that carries the new filter line. Keys are spaced like fast typing (80 ms), so Ink's 30 fps
// throttle lets each frame through on its leading edge, as it does for a person.

import {EventEmitter} from 'node:events';
import {median} from './measure.js';
import {FakeKeyboard} from '../test/fakes/keyboard.js';

class FakeTerminal extends EventEmitter {
	readonly isTTY = true;
	columns = 100;
	rows = 30;
	onWrite: (text: string) => void = () => {};
	write(chunk: string | Uint8Array): boolean {
		this.onWrite(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
		return true;
	}
}

const wait = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

export async function benchFilter(options: {tenants?: number; rounds?: number} = {}): Promise<{medianMs: number; p95Ms: number}> {
	const count = options.tenants ?? 5000;
	const rounds = options.rounds ?? 5;
	// Ink renders nothing until exit under CI; this bench needs frames, in colour as a terminal gets them.
	for (const name of Object.keys(process.env)) if (name === 'CI' || name === 'CONTINUOUS_INTEGRATION' || name.startsWith('CI_')) delete process.env[name];
	process.env['FORCE_COLOR'] ??= '1';
	// The shipped bundle runs React in production mode.
	process.env['NODE_ENV'] ??= 'production';
	const [{default: stripAnsi}, {default: React}, {render}, {App}, {createController}, {productionDeps}, {initialAppState}, {createStore}] = await Promise.all([
		import('strip-ansi'), import('react'), import('ink'), import('../source/app/app.js'), import('../source/app/controller.js'),
		import('../source/app/controller-deps.js'), import('../source/app/state/app-state.js'), import('../source/app/store.js'),
	]);
	const tenants = Array.from({length: count}, (_, index) => ({
		tenantId: `${index.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`,
		tenantDomain: `customer${index}.onmicrosoft.com`,
		tenantName: `Customer ${index} ${['Dental', 'Legal', 'Motors', 'Travel', 'Kitchens'][index % 5]}`,
		source: 'both' as const,
	}));
	const account = {username: 'bench@partner.com', homeTenantId: 'p'};
	const refuse = () => Promise.reject(new Error('not in this bench'));
	const folders = {config: '/nonexistent', state: '/nonexistent', cache: '/nonexistent'};
	const store = createStore(initialAppState());
	const controller = createController(store, {sandbox: true, env: {}}, {
		...productionDeps(),
		operations: async () => ({operations: [], problems: []}),
		folders: () => folders,
		loadGroups: async () => ({}),
		openConnection: async () => ({
			cloud: {kind: 'sandbox' as const}, folders,
			auth: {signIn: async () => account, account: async () => account, token: refuse, signOut: async () => {}},
			graph: {get: refuse, post: refuse, patch: refuse, list: () => ({[Symbol.asyncIterator]: () => ({next: refuse})})},
			exchange: {run: refuse},
			close: async () => {},
		}),
		loadTenants: async () => tenants,
	});
	const terminal = new FakeTerminal();
	const keyboard = new FakeKeyboard();
	let screen = '';
	terminal.onWrite = text => {
		if (text.includes('selected of')) screen = text;
	};
	const instance = render(React.createElement(App, {store, intents: controller, configFolder: folders.config}), {
		stdout: terminal as unknown as NodeJS.WriteStream, stdin: keyboard as unknown as NodeJS.ReadStream, exitOnCtrlC: false, patchConsole: false,
	});
	controller.start();
	while (store.getState().tenantsPhase !== 'ready') await wait(10);
	await wait(100);

	const timings: number[] = [];
	const frameFor = (filter: string) => new Promise<number>(resolve => {
		const began = performance.now();
		terminal.onWrite = text => {
			if (text.includes('selected of')) screen = text;
			// The frame shows the filter followed by the block cursor.
			if (stripAnsi(text).includes(`/ ${filter} `)) resolve(performance.now() - began);
		};
	});
	const typed = 'customer 4 dental';
	for (let round = 0; round < rounds; round++) {
		keyboard.press('/');
		await wait(80);
		let filter = '';
		for (const char of typed) {
			filter += char;
			const frame = frameFor(filter);
			keyboard.press(char);
			timings.push(await frame);
			await wait(80);
		}
		for (let index = typed.length; index > 0; index--) {
			filter = filter.slice(0, -1);
			const frame = frameFor(filter);
			keyboard.press('\u007F');
			if (filter) timings.push(await frame);
			else await wait(40);
			await wait(80);
		}
		keyboard.press('\u001B');
		await wait(120);
	}
	const shown = /(\d+ selected of \d+, (?:\d+|all) shown)/.exec(stripAnsi(screen))?.[1];
	controller.requestQuit('key');
	await controller.exited;
	instance.unmount();
	const sorted = [...timings].sort((a, b) => a - b);
	const medianMs = median(timings);
	const p95Ms = sorted[Math.floor(sorted.length * 0.95)]!;
	console.log(`filter keystroke to frame over ${count} tenants (${timings.length} keys): median ${medianMs.toFixed(1)} ms, p95 ${p95Ms.toFixed(1)} ms (goal ≤ 30 ms)${shown ? `; last frame: ${shown}` : ''}`);
	return {medianMs, p95Ms};
}

if (import.meta.url === `file://${process.argv[1]}`) await benchFilter();
