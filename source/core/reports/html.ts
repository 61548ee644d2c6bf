// A self-contained HTML report in pieces, so a large run streams to the file: head with a summary
// per tenant and the failures, then one table row at a time, then the foot with a tiny sorter.
// Every piece of data is escaped; nothing from a tenant is ever markup.

import type {Row} from '../operation.js';
import {cellText} from './columns.js';

export type ReportOutcome = {tenantName: string; tenantDomain: string; status: string; rows: number; failure?: string};

export function escapeHtml(value: unknown): string {
	return cellText(value).replace(/[&<>"']/g, char => `&#${char.charCodeAt(0)};`);
}

const style = `body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}
th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f3f3f3;cursor:pointer}
.failed{color:#b00020}.succeeded{color:#1b5e20}caption{text-align:left;font-weight:bold}`;

export function htmlHead(title: string, generated: string, outcomes: readonly ReportOutcome[], columns: readonly string[]): string {
	const failed = outcomes.filter(outcome => outcome.status !== 'succeeded');
	const summaryRows = outcomes.map(outcome => `<tr><td>${escapeHtml(outcome.tenantName)}</td><td>${escapeHtml(outcome.tenantDomain)}</td><td class="${escapeHtml(outcome.status)}">${escapeHtml(outcome.status)}</td><td>${outcome.rows}</td></tr>`).join('\n');
	const failures = failed.length === 0 ? '<p>No tenant failed.</p>' : `<ul>${failed.map(outcome => `<li><b>${escapeHtml(outcome.tenantName)}</b> (${escapeHtml(outcome.tenantDomain)}): ${escapeHtml(outcome.failure ?? outcome.status)}</li>`).join('\n')}</ul>`;
	return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title><style>${style}</style></head><body>
<h1>${escapeHtml(title)}</h1>
<p>Generated ${escapeHtml(generated)} by tenantdeck · ${outcomes.length} tenants · ${outcomes.length - failed.length} succeeded · ${failed.length} failed</p>
<h2>Tenants</h2>
<table id="summary"><thead><tr><th>Tenant</th><th>Domain</th><th>Status</th><th>Rows</th></tr></thead><tbody>
${summaryRows}
</tbody></table>
<h2>Failures</h2>
${failures}
<h2>Results</h2>
<table id="results" class="sortable"><thead><tr>${columns.map(column => `<th>${escapeHtml(column)}</th>`).join('')}</tr></thead><tbody>
`;
}

export function htmlRow(columns: readonly string[], row: Row): string {
	return `<tr>${columns.map(column => `<td>${escapeHtml(row[column])}</td>`).join('')}</tr>\n`;
}

// Click a header to sort by it; click again to reverse. Numbers sort as numbers.
const sorter = `document.querySelectorAll('table.sortable th').forEach((th,i)=>{th.addEventListener('click',()=>{
const body=th.closest('table').tBodies[0];const asc=th.dataset.dir!=='asc';th.dataset.dir=asc?'asc':'desc';
const key=r=>r.cells[i].textContent;const cmp=(a,b)=>{const x=key(a),y=key(b),nx=Number(x),ny=Number(y);
return (x!==''&&y!==''&&!isNaN(nx)&&!isNaN(ny)?nx-ny:x.localeCompare(y))*(asc?1:-1)};
[...body.rows].sort(cmp).forEach(r=>body.appendChild(r))})});`;

export function htmlFoot(): string {
	return `</tbody></table>\n<script>${sorter}</script>\n</body></html>\n`;
}
