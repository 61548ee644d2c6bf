// Terminal tests that read Unicode off the screen ("·", "—") must not depend on the machine's
// locale: under LANG=C (or none, as in many CI containers) the console draws ASCII on purpose.

import {localeIsUtf8} from '../../source/ui/glyphs.js';

/** The environment with a UTF-8 locale, unless it already has one. */
export function withUtf8Locale(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
	if (localeIsUtf8(env)) return env;
	const {LC_ALL: _all, LC_CTYPE: _ctype, ...rest} = env;
	return {...rest, LANG: 'C.UTF-8'};
}
