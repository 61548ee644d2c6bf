// The rows of a run and its retries, each tenant's from its latest attempt only: a tenant that
// failed part-way and then succeeded on retry must not appear twice in results or exports.

import type {Row} from '../core/operation.js';

/** A run folder's files: rows (JSON lines) and per-tenant outcomes. */
export type RunFiles = {readonly rowsPath: string; readonly outcomesPath: string};

type Read = (path: string) => AsyncIterable<Row>;

export async function* latestRows(runs: readonly RunFiles[], read: Read): AsyncIterable<Row> {
	const latest = new Map<unknown, number>();
	for (const [index, run] of runs.entries()) {
		for await (const outcome of tolerant(read(run.outcomesPath))) latest.set(outcome['tenantId'], index);
	}
	for (const [index, run] of runs.entries()) {
		for await (const row of tolerant(read(run.rowsPath))) {
			// A tenant with no outcome yet (still running, or the app died) keeps whatever it wrote.
			const owner = latest.get(row['tenantId']);
			if (owner === undefined || owner === index) yield row;
		}
	}
}

/** A file still being appended may end in half a line: stop there instead of failing. */
async function* tolerant(rows: AsyncIterable<Row>): AsyncIterable<Row> {
	try {
		yield* rows;
	} catch {}
}
