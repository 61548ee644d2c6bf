// The journal of open Exchange connections, in the state folder: one JSON line per event, appended
// with O_APPEND (a line is one write, so a crash leaves whole lines or a torn last one, never a mixed
// one). A connect is written down before it starts ("connecting", naming the PowerShell process);
// its "opened" line replaces it, or a "struck" line ends it; opened lines are struck by a later line
// naming the same connection. When nothing is left open or connecting the file is emptied by an
// atomic rewrite, so it never grows without bound.

import {appendFile, mkdir, readFile, rename, writeFile} from 'node:fs/promises';
import {dirname, join} from 'node:path';
import {z} from 'zod';
import type {ConnectIntent, ConnectionJournal, JournalEntry, StrikeReason} from '../../core/supervisor-ports.js';

const connectingLine = z.object({event: z.literal('connecting'), intentId: z.string().min(1), tenantId: z.string().min(1), startedAt: z.string(), pid: z.number().int(), workerPid: z.number().int().optional()});
const openedLine = z.object({event: z.literal('opened'), tenantId: z.string().min(1), connectionId: z.string().min(1), openedAt: z.string(), pid: z.number().int(), intentId: z.string().optional()});
// `connectionId` names an open connection or an intent (the field kept its name for older journals).
const struckLine = z.object({event: z.literal('struck'), connectionId: z.string().min(1), reason: z.string(), at: z.string()});

type Contents = {open: JournalEntry[]; connecting: ConnectIntent[]};

/** `name` tells clouds apart (a sandbox per port): their connections never mix. */
export function connectionJournalPath(stateFolder: string, name?: string): string {
	return join(stateFolder, name ? `exchange-connections.${name}.jsonl` : 'exchange-connections.jsonl');
}

export function fileConnectionJournal(path: string): ConnectionJournal {
	// Appends are serialised so the rewrite below never races one.
	let queue: Promise<unknown> = Promise.resolve();
	const serial = <T>(work: () => Promise<T>): Promise<T> => {
		const next = queue.then(work, work);
		queue = next.catch(() => undefined);
		return next;
	};
	const append = (line: object) =>
		serial(async () => {
			await mkdir(dirname(path), {recursive: true, mode: 0o700});
			await appendFile(path, `${JSON.stringify(line)}\n`, {mode: 0o600});
		});

	async function read(): Promise<Contents> {
		let text: string;
		try {
			text = await readFile(path, 'utf8');
		} catch {
			return {open: [], connecting: []};
		}
		const open = new Map<string, JournalEntry>();
		const connecting = new Map<string, ConnectIntent>();
		for (const line of text.split('\n')) {
			if (!line.trim()) continue;
			let value: unknown;
			try {
				value = JSON.parse(line);
			} catch {
				continue; // A torn last line from a crash: the rest still counts.
			}
			const intent = connectingLine.safeParse(value);
			if (intent.success) {
				const {event: _event, ...entry} = intent.data;
				connecting.set(entry.intentId, entry);
				continue;
			}
			const opened = openedLine.safeParse(value);
			if (opened.success) {
				const {event: _event, intentId, ...entry} = opened.data;
				if (intentId) connecting.delete(intentId);
				open.set(entry.connectionId, entry);
				continue;
			}
			const struck = struckLine.safeParse(value);
			if (struck.success) {
				open.delete(struck.data.connectionId);
				connecting.delete(struck.data.connectionId);
			}
		}
		return {open: [...open.values()], connecting: [...connecting.values()]};
	}

	// What this process has written and not yet struck: while any is left the file cannot be all
	// struck, so a strike need not read it back (a big run would read a growing file per tenant).
	const mine = new Set<string>();
	return {
		async connecting(intent) {
			mine.add(intent.intentId);
			await append({event: 'connecting', ...intent});
		},
		async opened(entry, intentId) {
			if (intentId) mine.delete(intentId);
			mine.add(entry.connectionId);
			await append({event: 'opened', ...entry, ...(intentId ? {intentId} : {})});
		},
		async struck(id: string, reason: StrikeReason) {
			mine.delete(id);
			await append({event: 'struck', connectionId: id, reason, at: new Date().toISOString()});
			if (mine.size > 0) return;
			await serial(async () => {
				const left = await read();
				if (left.open.length + left.connecting.length > 0) return;
				const temporary = `${path}.${process.pid}.tmp`;
				await writeFile(temporary, '', {mode: 0o600});
				await rename(temporary, path);
			});
		},
		unstruck: () => serial(async () => (await read()).open),
		unresolved: () => serial(async () => (await read()).connecting),
	};
}
