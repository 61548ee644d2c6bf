// A run folder in the user's state folder: run.json (what ran, then how it ended), rows.jsonl
// (every row with its tenant columns, appended as it arrives) and outcomes.jsonl (one per tenant).
// Exports and "retry failed" read from here, so a crash keeps whatever finished.
// When the disk refuses (full, read-only), the first failure is reported once through
// onStorageFailure (the launcher then starts no new tenants), each writer reopens its file for the
// next write, and closing never throws: whatever can still be written is.

import {closeSync, openSync, writeSync} from 'node:fs';
import {writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import type {TenantdeckError} from '../core/errors.js';
import type {Row} from '../core/operation.js';
import type {RunSink, RunSummary, TenantOutcome} from '../core/run-events.js';
import type {Tenant} from '../core/tenant.js';
import {ensureFolder, storageError} from './storage-error.js';

export type RunFolder = {
	readonly path: string;
	readonly rowsPath: string;
	readonly outcomesPath: string;
	readonly sink: RunSink;
	/** The first write this folder could not make, if any. */
	storageFailure(): TenantdeckError | undefined;
};

export type RunFolderOptions = {
	/** Called once, on the first write the disk refused. */
	readonly onStorageFailure?: (error: TenantdeckError) => void;
};

export async function createRunFolder(root: string, operationId: string, params: Record<string, unknown>, tenants: readonly Tenant[], options: RunFolderOptions = {}): Promise<RunFolder> {
	const stamp = new Date().toISOString().replace(/[:.]/g, '-');
	// Custom operation ids hold a colon, which Windows does not allow in a path.
	const path = join(root, `${stamp}-${operationId.replace(/[^\w-]+/g, '-')}-${process.pid}`);
	// Before the run starts, a refusal is the whole answer: nothing has been changed yet.
	await ensureFolder(path);
	const meta = {operationId, params, tenants: tenants.map(tenantColumns), startedAt: new Date().toISOString()};
	await writeFile(join(path, 'run.json'), JSON.stringify(meta, null, '\t') + '\n').catch(error => {
		throw storageError(error, path);
	});
	let failure: TenantdeckError | undefined;
	const report = (error: unknown): TenantdeckError => {
		const typed = storageError(error, path);
		if (!failure) {
			failure = typed;
			options.onStorageFailure?.(typed);
		}
		return typed;
	};
	const rowsPath = join(path, 'rows.jsonl');
	const rows = recoveringWriter(rowsPath, report);
	const outcomesPath = join(path, 'outcomes.jsonl');
	const outcomes = recoveringWriter(outcomesPath, report);

	const sink: RunSink = {
		// Rejects when the rows could not be kept: the tenant is then failed, never silently empty.
		async writeRows(tenant, batch) {
			const columns = tenantColumns(tenant);
			await rows.write(batch.map(row => JSON.stringify({...columns, ...row}) + '\n').join(''));
		},
		// Not awaited to the disk: the tenant's place goes to the next one at once, and the lines of
		// ~25 ms go out in one write (close() writes what is left; a failure is reported as any other).
		async writeOutcome(outcome: TenantOutcome) {
			outcomes.later(JSON.stringify({...tenantColumns(outcome.tenant), status: outcome.status, rows: outcome.rows, durationMs: outcome.durationMs, failure: outcome.failure}) + '\n');
		},
		async close(summary: RunSummary) {
			await Promise.all([rows.end(), outcomes.end()]);
			const {outcomes: _omitted, ...totals} = summary;
			const finished = {...meta, ...totals, startedAt: new Date(summary.startedAt).toISOString(), finishedAt: new Date(summary.finishedAt).toISOString(), ...(failure ? {storageFailure: failure.message} : {})};
			await writeFile(join(path, 'run.json'), JSON.stringify(finished, null, '\t') + '\n').catch(report);
		},
	};
	return {path, rowsPath, outcomesPath, sink, storageFailure: () => failure};
}

export function tenantColumns(tenant: Tenant): Row {
	return {tenantId: tenant.tenantId, tenantDomain: tenant.tenantDomain, tenantName: tenant.tenantName};
}

/**
 * Appends lines to one file with plain synchronous writes on a descriptor kept open. An append of
 * a tenant's rows to the page cache costs a few microseconds this way; through a WriteStream it
 * was a thread-pool hand-off and back (~30 µs of CPU, ~100 µs of wall time, and on a busy machine
 * the woken pool thread often took the main thread's turn), once per tenant — Node writes
 * process.stdout to files synchronously for the same reason. When a write returns, its text is in
 * the kernel, as when a stream's write callback ran: a crash loses none of it. A failed write closes
 * the file, so the next one reopens it (space may have been freed), and starts the next write on a
 * new line, so a line cut short by a full disk never swallows the next.
 */
function recoveringWriter(path: string, report: (error: unknown) => TenantdeckError) {
	let fd: number | undefined;
	let broken = false;
	const append = (text: string): void => {
		const bytes = Buffer.from(broken ? `\n${text}` : text);
		try {
			fd ??= openSync(path, 'a', 0o600);
			// A regular file takes all of it unless the disk fills mid-write; the rest then fails as ENOSPC.
			for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset);
			broken = false;
		} catch (error) {
			broken = true;
			closeQuietly();
			throw report(error);
		}
	};
	const closeQuietly = () => {
		if (fd === undefined) return;
		try {
			closeSync(fd);
		} catch {}
		fd = undefined;
	};
	// Lines nobody waits for, written together by time or size (one write per ~25 ms, not per tenant).
	let later: string[] = [];
	let laterBytes = 0;
	let laterTimer: NodeJS.Timeout | undefined;
	const writeLater = () => {
		clearTimeout(laterTimer);
		laterTimer = undefined;
		if (later.length === 0) return;
		const text = later.join('');
		later = [];
		laterBytes = 0;
		try {
			append(text);
		} catch {
			// Reported through `report` (once per folder); nobody waits for these lines.
		}
	};
	return {
		/** Queued and written within ~25 ms (or at 64 KB, or at end()). */
		later(text: string): void {
			later.push(text);
			laterBytes += text.length;
			if (laterBytes >= laterMaxBytes) writeLater();
			else laterTimer ??= setTimeout(writeLater, laterMs);
		},
		/** Written now; rejects with the storage error when the disk refused it. */
		async write(text: string): Promise<void> {
			writeLater();
			append(text);
		},
		async end(): Promise<void> {
			writeLater();
			if (fd === undefined) return;
			try {
				closeSync(fd);
			} catch (error) {
				report(error);
			} finally {
				fd = undefined;
			}
		},
	};
}

const laterMs = 25;
const laterMaxBytes = 64 * 1024;
