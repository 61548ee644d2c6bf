// Where an Exchange slot's time goes: the fan-out bench's setup, with a timestamp at every phase of
// every tenant as the client sees it (turn call, the go at its gate, phases learnt) and as the
// service sees it (request arrived, answered). Prints the median of each gap, so time lost between
// the service's work (protocol, the module's own code, rows, handing the slot on) shows by name.
// A turn is sent before its slot is free and waits at its gate (supervisor-turn-script.ts): the slot
// is held from the go to the moment node learns of the disconnect. A process's first turn is shown
// apart: the module's code runs cold there once per process.
// `node --import=tsx bench/exchange-phases.ts [tenants] [connectMs] [cmdletMs]`

import os from 'node:os';
import {startSandbox} from '../source/sandbox/server.js';
import {exchangeRoute} from '../source/sandbox/exchange.js';
import {createPowerShellPort} from '../source/adapters/powershell/powershell-port.js';
import {createMsalAuth} from '../source/adapters/auth/msal-auth.js';
import {sandboxCloud, sandboxClientId} from '../source/adapters/cloud.js';
import {Supervisor} from '../source/core/supervisor.js';
import {listMailboxes} from '../source/core/operations/mailboxes-list.js';
import {disconnectAllScript, disconnectScript} from '../source/core/supervisor-scripts.js';
import {isolatedTenantTurnScript, tenantTurnScript, turnPhase} from '../source/core/supervisor-turn-script.js';
import type {PowerShellSession} from '../source/core/supervisor-ports.js';
import {isWarmUp} from '../source/core/supervisor-warm-up.js';
import {cpuBetween, cpuMark} from './process-cpu.js';

type Marks = Record<string, number>;

export async function benchExchangePhases(tenantCount = 30, connectMs = 1000, cmdletMs = 1000) {
	const marks = new Map<string, Marks>();
	const firstTurns = new Set<string>();
	const mark = (tenantId: string, name: string, at = performance.now()) => {
		const entry = marks.get(tenantId) ?? {};
		entry[name] ??= at;
		marks.set(tenantId, entry);
	};
	const path = /^\/adminapi\/beta\/([^/]+)\/(InvokeCommand|Connection)/i;
	const sandbox = await startSandbox({
		deviceCodeIntervalSec: 0,
		tenants: tenantCount,
		exchangeConnectMs: connectMs,
		exchangeCmdletMs: cmdletMs,
		routes: [
			context => {
				const inner = exchangeRoute(context);
				return async request => {
					const match = path.exec(request.url.pathname);
					const name = match ? (match[2] === 'Connection' ? (request.method === 'POST' ? 'svcConnect' : 'svcDisconnect') : 'svcCmdlet') : undefined;
					const tenant = match ? context.world.find(decodeURIComponent(match[1]))?.tenantId : undefined;
					if (tenant && name) mark(tenant, `${name}In`);
					const reply = await inner(request);
					if (tenant && name) mark(tenant, `${name}Out`);
					return reply;
				};
			},
		],
	});
	try {
		const auth = createMsalAuth({cloud: sandboxCloud(sandbox.url), clientId: sandboxClientId});
		await auth.signIn({onCode: () => {}});
		const tenants = sandbox.context.world.customers.map(customer => ({tenantId: customer.tenantId, tenantDomain: customer.defaultDomain, tenantName: customer.name, source: 'gdap' as const}));
		const inner = createPowerShellPort({sandboxUrl: sandbox.url});
		const powershell = {
			async start(): Promise<PowerShellSession> {
				const session = await inner.start();
				let current = '';
				let turns = 0;
				return {
					get pid() {
						return session.pid;
					},
					get alive() {
						return session.alive;
					},
					exited: session.exited,
					kill: grace => session.kill(grace),
					async invoke(script, args, options) {
						// A process's warm-up (supervisor-warm-up.ts) sends the turn's script too, for no tenant: not marked.
						if (isWarmUp(args)) return session.invoke(script, args, options);
						const turn = script === tenantTurnScript || script === isolatedTenantTurnScript;
						const kind = turn ? 'turn' : script === disconnectScript || script === disconnectAllScript ? 'disconnect' : 'other';
						if (turn) {
							current = String((args['connect'] as Record<string, unknown>)['organization']);
							// A process's first turn is where its cold costs (what the warm-up is for) would show.
							if (turns++ === 0) firstTurns.add(current);
						}
						if (current) mark(current, `${kind}Call`);
						// The go: the supervisor has a slot for this turn, and the connect may start.
						const gate = options.gate;
						const tenant = current;
						// Each phase is marked when node learns it: that is when the journal and the slot act on it.
						const onRecord = options.onRecord;
						const watched = {
							...options,
							...(gate ? {gate: async (ended: AbortSignal) => {
								mark(tenant, 'atGate');
								const go = await gate(ended);
								mark(tenant, 'go');
								return go;
							}} : {}),
							onRecord: onRecord && ((record: Parameters<typeof onRecord>[0]) => {
								const phase = record.kind === 'phase' ? turnPhase(record.value)?.phase : undefined;
								if (phase && current) mark(current, `${phase}Seen`);
								onRecord(record);
							}),
						};
						try {
							return await session.invoke(script, args, watched);
						} finally {
							if (current) mark(current, `${kind}Done`);
						}
					},
				};
			},
		};
		const supervisor = new Supervisor({powershell, auth});
		supervisor.warm();
		await new Promise<void>(resolve => {
			const stop = supervisor.onStatus(status => {
				// Pre-warmed as far as warm() goes (the processes and the spare), as during a real sign-in or form.
				if (status.warming > 0 || status.idle < 3) return;
				stop();
				resolve();
			});
		});
		const loadBefore = os.loadavg()[0]!.toFixed(1);
		const cpuStart = cpuMark(supervisor.pids());
		const started = performance.now();
		await Promise.all(
			tenants.map(async tenant => {
				mark(tenant.tenantId, 'asked', started);
				await listMailboxes(supervisor, tenant, {}).catch(() => undefined);
				mark(tenant.tenantId, 'released');
			}),
		);
		const total = performance.now() - started;
		const cpu = cpuBetween(cpuStart, cpuMark(supervisor.pids()));
		await supervisor.shutdown();
		const ideal = Math.ceil(tenantCount / 3) * (connectMs + cmdletMs);
		console.log(`${tenantCount} tenants, connect ${connectMs} ms + cmdlet ${cmdletMs} ms: ${total.toFixed(0)} ms vs ideal ${ideal} → ${(ideal / total).toFixed(2)}; load ${loadBefore} → ${os.loadavg()[0]!.toFixed(1)}`);
		const perTenant = (ms: number) => (ms / tenantCount).toFixed(0);
		console.log(`  CPU per tenant: node (with the sandbox) ${perTenant(cpu.nodeMs)} ms + PowerShell ${perTenant(cpu.childrenMs)} ms = ${perTenant(cpu.nodeMs + cpu.childrenMs)} ms (2 cores give ${((os.availableParallelism() * total) / tenantCount).toFixed(0)} ms per tenant at this pace)`);
		// One call per tenant (supervisor-turn-script.ts): the slot is held from the go to the moment
		// node learns of the disconnect; the process stays busy a little longer (retiring the runspace).
		const gaps: Array<[string, string, string]> = [
			['turn call → waiting at its gate (runspace, protocol; off the slot)', 'turnCall', 'atGate'],
			['go → service sees connect (the module\'s connect)', 'go', 'svcConnectIn'],
			['service connect answered → node learns "connected"', 'svcConnectOut', 'connectedSeen'],
			['service connect answered → service sees cmdlet', 'svcConnectOut', 'svcCmdletIn'],
			['service cmdlet answered → service sees disconnect (rows, protocol)', 'svcCmdletOut', 'svcDisconnectIn'],
			['service disconnect answered → node learns "disconnected" (slot released)', 'svcDisconnectOut', 'disconnectedSeen'],
			['slot released → turn call returns (process busy after)', 'disconnectedSeen', 'turnDone'],
			['turn call returns → tenant done', 'turnDone', 'released'],
			['slot held beyond the service work', 'go', 'disconnectedSeen'],
		];
		const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
		for (const [label, from, to] of gaps) {
			const values = [...marks.values()].flatMap(entry => (entry[from] !== undefined && entry[to] !== undefined ? [entry[to]! - entry[from]!] : []));
			const adjust = label.startsWith('slot held') ? connectMs + cmdletMs : 0;
			// A process's first turn apart: where its cold costs sit, by phase.
			const firstValues = [...firstTurns].flatMap(tenantId => {
				const entry = marks.get(tenantId)!;
				return entry[from] !== undefined && entry[to] !== undefined ? [entry[to]! - entry[from]! - adjust] : [];
			});
			console.log(`  ${label}: median ${(median(values) - adjust).toFixed(0)} ms, max ${(Math.max(...values) - adjust).toFixed(0)} ms; first turns ${firstValues.map(ms => ms.toFixed(0)).join(', ')} ms`);
		}
		const held = (tenantId: string) => marks.get(tenantId)!['disconnectedSeen']! - marks.get(tenantId)!['go']! - connectMs - cmdletMs;
		const first = [...firstTurns].filter(tenantId => marks.get(tenantId)?.['disconnectedSeen'] !== undefined).map(held);
		const later = [...marks.keys()].filter(tenantId => !firstTurns.has(tenantId) && marks.get(tenantId)?.['disconnectedSeen'] !== undefined).map(held);
		const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
		console.log(`  slot held beyond the service work, each process's first turn: ${first.map(ms => ms.toFixed(0)).join(', ')} ms; later turns median ${median([...later]).toFixed(0)} ms`);
		// What the run lost against the ideal, per slot: the first turns' share and the later turns'.
		console.log(`  beyond the ideal per slot: ${((total - ideal)).toFixed(0)} ms, of it first turns ${(sum(first) / 3).toFixed(0)} ms and later turns ${(sum(later) / 3).toFixed(0)} ms (the rest: the first gos and the hand-overs)`);
		// The hand-over: from one tenant's slot release to the next go.
		const releases = [...marks.values()].map(entry => entry['disconnectedSeen']!).sort((a, b) => a - b);
		const gos = [...marks.values()].map(entry => entry['go']!).sort((a, b) => a - b).slice(3);
		const handovers = gos.map((go, index) => go - releases[index]!);
		console.log(`  slot released → next tenant's go: median ${median(handovers).toFixed(0)} ms, max ${Math.max(...handovers).toFixed(0)} ms`);
		// The run's two edges: from its start to each slot's first go (token, turn sent, gate), and from
		// the last slot released to the run's end.
		const firstGos = [...marks.values()].map(entry => entry['go']! - started).sort((a, b) => a - b).slice(0, 3);
		const firstConnects = [...marks.values()].map(entry => entry['svcConnectIn']! - started).sort((a, b) => a - b).slice(0, 3);
		console.log(`  run start → the first gos: ${firstGos.map(ms => ms.toFixed(0)).join(', ')} ms; → the service sees their connects: ${firstConnects.map(ms => ms.toFixed(0)).join(', ')} ms; last slot released → run end: ${(started + total - releases.at(-1)!).toFixed(0)} ms`);
	} finally {
		await sandbox.stop();
	}
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const [tenants, connectMs, cmdletMs] = process.argv.slice(2).map(Number);
	await benchExchangePhases(tenants || 30, connectMs || 1000, cmdletMs || 1000);
}
