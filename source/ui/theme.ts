// Colour and emphasis tokens. Screens spread a token onto <Text> and never name a colour, so
// NO_COLOR (https://no-color.org) is one switch here: colours go, bold/dim/inverse stay. The
// glyphs (ASCII or Unicode, from the locale) travel with the theme, chosen once at start.

import {createContext, useContext} from 'react';
import {unicodeGlyphs, type Glyphs} from './glyphs.js';

/** Style props a token contributes to an Ink <Text>. */
export type TextStyle = {
	readonly color?: string;
	readonly bold?: boolean;
	readonly dimColor?: boolean;
	readonly inverse?: boolean;
	readonly underline?: boolean;
};

export type Theme = {
	readonly color: boolean;
	/** Titles, the focused thing, keys in hints. */
	readonly accent: TextStyle;
	readonly danger: TextStyle;
	readonly warning: TextStyle;
	readonly success: TextStyle;
	/** Secondary text: counts, hints, explanations. */
	readonly muted: TextStyle;
	/** The row under the cursor. */
	readonly cursor: TextStyle;
	/** Border colour for boxes, or undefined for the terminal's default. */
	readonly border?: string;
	readonly glyphs: Glyphs;
};

export function createTheme(options: {color: boolean; glyphs?: Glyphs}): Theme {
	const glyphs = options.glyphs ?? unicodeGlyphs;
	if (!options.color) {
		return {
			color: false,
			glyphs,
			accent: {bold: true},
			danger: {bold: true},
			warning: {bold: true},
			success: {},
			muted: {dimColor: true},
			cursor: {inverse: true},
		};
	}
	return {
		color: true,
		glyphs,
		accent: {color: 'cyan', bold: true},
		danger: {color: 'red', bold: true},
		warning: {color: 'yellow'},
		success: {color: 'green'},
		muted: {dimColor: true},
		cursor: {inverse: true},
		border: 'gray',
	};
}

/** NO_COLOR set to anything non-empty turns colour off; so does TERM=dumb. */
export function colorWanted(env: NodeJS.ProcessEnv): boolean {
	if (env['NO_COLOR']) return false;
	return env['TERM'] !== 'dumb';
}

export const ThemeContext = createContext<Theme>(createTheme({color: true}));

export function useTheme(): Theme {
	return useContext(ThemeContext);
}
