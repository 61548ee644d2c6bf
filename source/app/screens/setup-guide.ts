// The setup guide's text, wrapped to the screen and cut into the rows shown. Pure, so the key
// router knows how far the guide scrolls and the screen draws exactly that (as help-lines.ts does
// for the `?` overlay); on a short terminal the permission list alone is taller than the screen.

import {join} from 'node:path';
import {frameChrome} from '../../components/frame.js';
import {rowsShown} from '../../components/window.js';
import {wrapSpans, type Span} from '../../components/wrap-spans.js';
import {consentRoles, roleNames} from '../../core/permissions.js';

export type Permissions = ReadonlyArray<readonly [string, string]>;
export type Tone = 'accent' | 'muted';

export type SetupRow = {
	/** The step number on a step's first row, '' on its later rows; none above the steps. */
	readonly step?: string;
	readonly spans: ReadonlyArray<Span<Tone>>;
};

export type SetupLayout = {
	readonly rows: readonly SetupRow[];
	/** Rows of the guide on screen at once (one less than the body when a row says what is hidden). */
	readonly shown: number;
	/** The largest first row: scrolling stops with the last row on screen. */
	readonly limit: number;
};

/** Columns of the step numbers ("1. "): later rows of a step start under its text. */
export const stepWidth = 3;

function steps(configFolder: string, permissions: Permissions | undefined): Array<ReadonlyArray<Span<Tone>>> {
	const profile = join(configFolder, 'profile.json');
	const delegated = permissions ? permissions.map(([api, name]) => `${name}${api === 'Microsoft Graph' ? '' : ` (${api})`}`).join(', ') : '(listing them)';
	return [
		[{text: 'In the Microsoft Entra admin center of your partner tenant: App registrations › New registration. Name it "tenantdeck"; account types: multitenant (a customer token needs the app in that customer).'}],
		[{text: 'Authentication: add the platform "Mobile and desktop applications" (a public client) and set "Allow public client flows" to Yes — that allows the device code flow.'}],
		[{text: `API permissions › Add › Delegated: ${delegated}. Then "Grant admin consent".`}],
		[{text: 'Copy the Application (client) ID into '}, {text: profile, style: 'accent'}, {text: ' as {"clientId": "<id>"} (or set TENANTDECK_CLIENT_ID; add "cloud": "usgov", "dod" or "china" for a sovereign cloud), then sign in.'}],
		[{text: 'Grant the app into your customers: '}, {text: 'tenantdeck consent --tenants all --dry-run', style: 'accent'}, {text: `, then with --yes. Needs a GDAP role that may consent: ${roleNames(consentRoles)}.`}],
		[{text: 'Check a customer before a run: '}, {text: 'tenantdeck doctor --op <id> --tenants all', style: 'accent'}, {text: ' — consent, token scopes, GDAP roles and reachability per customer — or press d in the tenant picker.'}],
	];
}

/** Every row of the guide at this width: the sentence, a blank row, then the numbered steps. */
export function setupRows(configFolder: string, permissions: Permissions | undefined, width: number): SetupRow[] {
	const intro = wrapSpans<Tone>([{text: 'tenantdeck signs in as you, with an app registration in your own partner tenant:', style: 'muted'}], width);
	return [
		...intro.map(spans => ({spans})),
		{spans: []},
		...steps(configFolder, permissions).flatMap((step, index) => wrapSpans(step, width - stepWidth).map((spans, row) => ({step: row === 0 ? `${index + 1}.` : '', spans}))),
	];
}

export function setupLayout(configFolder: string, permissions: Permissions | undefined, width: number, height: number): SetupLayout {
	const rows = setupRows(configFolder, permissions, width);
	const shown = rowsShown(rows.length, Math.max(1, height - frameChrome));
	return {rows, shown, limit: Math.max(0, rows.length - shown)};
}
