// The journal of open Exchange connections, in the state folder: one JSON line per event, appended
// with O_APPEND (a line is one write, so a crash leaves whole lines or a torn last one, never a mixed
// one). Opened lines are struck by a later line naming the same connection. When nothing is left
// open the file is emptied by an atomic rewrite, so it never grows without bound.

import {appendFile, mkdir, readFile, rename, writeFile} from 'node:fs/promises';
import {dirname, join} from 'node:path';
import {z} from 'zod';
import type {ConnectionJournal, JournalEntry, StrikeReason} from '../../core/supervisor-ports.js';

const openedLine = z.object({event: z.literal('opened'), tenantId: z.string().min(1), connectionId: z.string().min(1), openedAt: z.string(), pid: z.number().int()});
const struckLine = z.object({event: z.literal('struck'), connectionId: z.string().min(1), reason: z.string(), at: z.string()});

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

	async function read(): Promise<JournalEntry[]> {
		let text: string;
		try {
			text = await readFile(path, 'utf8');
		} catch {
			return [];
		}
		const open = new Map<string, JournalEntry>();
		for (const line of text.split('\n')) {
			if (!line.trim()) continue;
			let value: unknown;
			try {
				value = JSON.parse(line);
			} catch {
				continue; // A torn last line from a crash: the rest still counts.
			}
			const opened = openedLine.safeParse(value);
			if (opened.success) {
				const {event: _event, ...entry} = opened.data;
				open.set(entry.connectionId, entry);
				continue;
			}
			const struck = struckLine.safeParse(value);
			if (struck.success) open.delete(struck.data.connectionId);
		}
		return [...open.values()];
	}

	return {
		opened: entry => append({event: 'opened', ...entry}),
		async struck(connectionId: string, reason: StrikeReason) {
			await append({event: 'struck', connectionId, reason, at: new Date().toISOString()});
			await serial(async () => {
				if ((await read()).length > 0) return;
				const temporary = `${path}.${process.pid}.tmp`;
				await writeFile(temporary, '', {mode: 0o600});
				await rename(temporary, path);
			});
		},
		unstruck: () => serial(read),
	};
}
