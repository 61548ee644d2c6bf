// Run progress for stderr: one line per tenant as it finishes, retries as they happen, and a
// summary. Data goes to stdout, so piping the output never mixes the two.

import {counted} from '../core/write-targets.js';
import type {RunEvent} from '../core/run-events.js';
import {progressText} from '../core/progress-text.js';

/** A long tenant's count (mailboxes done) is printed at most this often, and always when it completes. */
export const progressEveryMs = 5000;

export function progressPrinter(total: number, write: (line: string) => void): (event: RunEvent) => void {
	let finished = 0;
	const width = String(total).length;
	const counter = () => `[${String(finished).padStart(width)}/${total}]`;
	const lastShown = new Map<string, number>();
	return event => {
		switch (event.type) {
			case 'progress': {
				// The first count, then one every few seconds: a 1,000-mailbox tenant says it is moving
				// without a line per mailbox.
				const previous = lastShown.get(event.tenant.tenantId);
				if (previous !== undefined && event.at - previous < progressEveryMs && event.done < event.total) break;
				lastShown.set(event.tenant.tenantId, event.at);
				write(`${counter()} working ${event.tenant.tenantDomain}: ${progressText(event)}`);
				break;
			}
			case 'retrying':
				write(`${counter()} retry  ${event.tenant.tenantDomain}: ${event.reason}, attempt ${event.attempt} in ${(event.waitMs / 1000).toFixed(1)}s`);
				break;
			case 'succeeded':
				finished++;
				write(`${counter()} done   ${event.tenant.tenantDomain}: ${counted(event.rows, 'row')} in ${(event.durationMs / 1000).toFixed(1)}s`);
				break;
			case 'failed':
				finished++;
				write(`${counter()} FAILED ${event.tenant.tenantDomain}: ${event.failure.message}${event.failure.hint ? ` ${event.failure.hint}` : ''}`);
				break;
			case 'cancelled':
				finished++;
				write(`${counter()} cancelled ${event.tenant.tenantDomain}`);
				break;
			case 'finished': {
				const {summary} = event;
				const seconds = ((summary.finishedAt - summary.startedAt) / 1000).toFixed(1);
				write(`${summary.succeeded} succeeded, ${summary.failed} failed${summary.cancelled ? `, ${summary.cancelled} cancelled` : ''}; ${counted(summary.rows, 'row')} in ${seconds}s`);
				break;
			}
			default:
				break;
		}
	};
}
