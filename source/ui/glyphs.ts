// The characters the console draws with, chosen once at start from the locale. A terminal reached
// over SSH with LANG=C (or POSIX, or no UTF-8 in it) shows UTF-8 box drawing and braille as
// mojibake, so there the console draws with plain ASCII, as git and htop do.

/** Characters that carry meaning in the console's chrome. */
export type Glyphs = {
	readonly ascii: boolean;
	/** Ink borderStyle for boxes. */
	readonly border: 'round' | 'double' | 'classic';
	readonly spinner: readonly string[];
	/** Marks the focused item, so the cursor reads without colour or inverse. */
	readonly pointer: string;
	/** Progress bar cells. */
	readonly barDone: string;
	readonly barLeft: string;
	/** Ends text that was cut. */
	readonly ellipsis: string;
	/** Between items on one line (title · status). */
	readonly separator: string;
	readonly up: string;
	readonly down: string;
	readonly left: string;
	readonly right: string;
};

export const unicodeGlyphs: Glyphs = {
	ascii: false,
	border: 'round',
	spinner: ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'],
	pointer: '›',
	barDone: '█',
	barLeft: '░',
	ellipsis: '…',
	separator: '·',
	up: '↑',
	down: '↓',
	left: '←',
	right: '→',
};

export const asciiGlyphs: Glyphs = {
	ascii: true,
	border: 'classic',
	spinner: ['|', '/', '-', '\\'],
	pointer: '>',
	barDone: '#',
	barLeft: '.',
	ellipsis: '...',
	separator: '|',
	up: '^',
	down: 'v',
	left: '<',
	right: '>',
};

/**
 * Whether the terminal takes UTF-8, decided as the C library decides a program's character type:
 * the first of LC_ALL, LC_CTYPE, LANG that is set wins; "C", "POSIX" or a charset other than UTF-8
 * means ASCII. Nothing set at all is the C locale too — except on Windows, whose terminals set no
 * locale variables and take UTF-8.
 */
export function localeIsUtf8(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): boolean {
	const locale = [env['LC_ALL'], env['LC_CTYPE'], env['LANG']].find(value => value !== undefined && value !== '');
	if (locale === undefined) return platform === 'win32';
	return /utf-?8/i.test(locale);
}

export function glyphsFor(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): Glyphs {
	return localeIsUtf8(env, platform) ? unicodeGlyphs : asciiGlyphs;
}

/**
 * The console's own "…" ("Connecting…") in the glyphs' ellipsis, before Ink measures the text: on
 * an ASCII terminal every "…" still left when the frame is written is read as a cut (ascii-text).
 */
export function withEllipsis(text: string, glyphs: Glyphs): string {
	return glyphs.ascii ? text.replaceAll('…', glyphs.ellipsis) : text;
}
