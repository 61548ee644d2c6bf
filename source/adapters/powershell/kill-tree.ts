// Ends a process and everything it started. PowerShell children lead their own process group
// (own-group.ts), so the group is signalled by negative pid; the tree is also walked by parent id for
// anything that left the group, and for processes that share ours (where a group kill would hit us).

import {execFile} from 'node:child_process';
import {promisify} from 'node:util';

const run = promisify(execFile);

/** Every process below pid, deepest last. Empty when the listing itself fails. */
export async function descendants(pid: number): Promise<number[]> {
	if (process.platform === 'win32') return [];
	let listing: string;
	try {
		listing = (await run('ps', ['-A', '-o', 'pid=', '-o', 'ppid='], {windowsHide: true})).stdout;
	} catch {
		return [];
	}
	const children = new Map<number, number[]>();
	for (const line of listing.split('\n')) {
		const [child, parent] = line.trim().split(/\s+/).map(Number);
		if (!child || parent === undefined || Number.isNaN(parent)) continue;
		children.set(parent, [...(children.get(parent) ?? []), child]);
	}
	const found: number[] = [];
	const queue = [...(children.get(pid) ?? [])];
	while (queue.length > 0) {
		const next = queue.shift()!;
		found.push(next);
		queue.push(...(children.get(next) ?? []));
	}
	return found;
}

export function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

function signal(pid: number, name: NodeJS.Signals): void {
	try {
		process.kill(pid, name);
	} catch {
		// Already gone: that is the goal.
	}
}

/** The group led by pid, when it is not ours (a negative pid signals the whole group). */
function signalGroup(pid: number, name: NodeJS.Signals): void {
	if (process.platform === 'win32') return;
	signal(-pid, name);
}

/**
 * SIGTERM to the tree, then SIGKILL to whatever is left after graceMs. `exited` is the root's own
 * exit event (we spawned it, so it has one); descendants are not our children, so they are polled.
 */
export async function killTree(pid: number, exited: Promise<unknown>, graceMs = 1000, leadsGroup = false): Promise<void> {
	if (process.platform === 'win32') {
		await run('taskkill', ['/pid', String(pid), '/T', '/F'], {windowsHide: true}).catch(() => undefined);
		await exited;
		return;
	}
	const tree = [pid, ...(await descendants(pid))];
	if (leadsGroup) signalGroup(pid, 'SIGTERM');
	for (const member of tree) signal(member, 'SIGTERM');
	let timer: NodeJS.Timeout | undefined;
	const graceOver = new Promise<'late'>(resolve => {
		timer = setTimeout(() => resolve('late'), graceMs);
	});
	const outcome = await Promise.race([exited.then(() => 'exited' as const, () => 'exited' as const), graceOver]);
	clearTimeout(timer);
	if (outcome === 'late') signal(pid, 'SIGKILL');
	// The group outlives its leader only through children it started: they go too.
	if (leadsGroup) signalGroup(pid, 'SIGKILL');
	// Children may outlive a parent that exited on SIGTERM; anything still there gets SIGKILL.
	for (const member of tree.slice(1)) if (isAlive(member)) signal(member, 'SIGKILL');
	await exited.catch(() => undefined);
}
