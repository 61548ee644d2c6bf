// What the `?` overlay shows, laid out for a size: the screen's sentence wrapped to the width,
// then each scope's keys (each command once). Pure, so the key router knows how far the help
// scrolls and the overlay draws exactly that.

import {bindingsFor, isCharacterSpec, keyLabel, scopeTitles, type KeyScope} from '../../ui/keymap.js';
import {displayWidth} from '../../core/reports/text-width.js';
import type {AppState} from './app-state.js';
import {keyScopesFor, screenAbout} from './key-scopes.js';

export type HelpLine = {readonly kind: 'title'; readonly text: string} | {readonly kind: 'key'; readonly keys: string; readonly text: string};

export type HelpLayout = {
	readonly about: readonly string[];
	/** One per row: a scope title, or a key with its description (wrapped: later rows have no keys). */
	readonly lines: readonly HelpLine[];
	/** Columns of the keys column. */
	readonly keyWidth: number;
	/** Key lines that fit at once. */
	readonly room: number;
	/** The largest first line: scrolling stops with the last key on the last row. */
	readonly limit: number;
};

/** Rows the overlay keeps for itself: two borders, the heading, a blank after the sentence, the "more" line. */
const chrome = 5;

/** The scopes of the screen underneath, plus the keys that work everywhere unless a field types them. */
export function helpContexts(state: AppState): KeyScope[] {
	const under = keyScopesFor({...state, overlay: undefined});
	return under.includes('global') || under.includes('text') ? under : [...under, 'global'];
}

export function helpLines(contexts: readonly KeyScope[]): HelpLine[] {
	// While a field types, letters (k, j, g…) type too: only the keys that still act are listed.
	const typing = contexts.includes('text');
	const lines: HelpLine[] = [];
	const shown = new Set<string>();
	for (const context of contexts) {
		const bindings = bindingsFor([context]).filter(binding => !shown.has(binding.command));
		const listed = bindings.map(binding => ({binding, keys: binding.keys.filter(spec => !typing || binding.command === 'help' || !isCharacterSpec(spec))})).filter(entry => entry.keys.length > 0);
		if (listed.length === 0) continue;
		lines.push({kind: 'title', text: scopeTitles[context] ?? context});
		for (const {binding, keys} of listed) {
			shown.add(binding.command);
			lines.push({kind: 'key', keys: keys.map(keyLabel).join(' / '), text: binding.description});
		}
	}
	return lines;
}

/** Words wrapped to `width` columns (a word longer than the width is cut by the renderer). */
export function wrapWords(text: string, width: number): string[] {
	const rows: string[] = [];
	let row = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		if (row && displayWidth(row) + 1 + displayWidth(word) > width) {
			rows.push(row);
			row = word;
		} else {
			row = row ? `${row} ${word}` : word;
		}
	}
	if (row) rows.push(row);
	return rows;
}

export function helpLayout(state: AppState, width: number, height: number): HelpLayout {
	const inner = Math.max(10, width - 4);
	const keyWidth = Math.min(22, Math.max(8, Math.floor(inner / 3)));
	const lines = helpLines(helpContexts(state)).flatMap((line): HelpLine[] => {
		if (line.kind === 'title') return [line];
		const rows = wrapWords(line.text, Math.max(10, inner - keyWidth - 3));
		return rows.map((text, index) => ({kind: 'key', keys: index === 0 ? line.keys : '', text}));
	});
	// The sentence gives way to the keys on a short terminal, but never more than half the rows.
	const about = wrapWords(screenAbout[state.screen], inner).slice(0, Math.max(1, Math.floor((height - chrome) / 2)));
	const room = Math.max(1, height - chrome - about.length);
	return {about, lines, keyWidth, room, limit: Math.max(0, lines.length - room)};
}
