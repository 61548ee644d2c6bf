// Preloaded into the console (node --import) by test/e2e/first-frame.test.ts: records what was
// started before the first frame that the first frame does not need, and writes it to
// $FIRST_FRAME_REPORT when the first frame (its "tenantdeck · " title) is written. ICU starts with
// the first Intl object or locale-aware call; the RGI_Emoji class is string-width's; undici and
// http2 are what a fetch() loads.
import {writeFileSync} from 'node:fs';

const started = [];
const note = what => {
	if (!started.includes(what)) started.push(what);
};

for (const name of ['Segmenter', 'Collator', 'NumberFormat', 'DateTimeFormat', 'PluralRules', 'ListFormat', 'RelativeTimeFormat', 'DisplayNames']) {
	const Original = Intl[name];
	if (!Original) continue;
	Intl[name] = new Proxy(Original, {
		construct(target, args) {
			note(`Intl.${name}`);
			return Reflect.construct(target, args);
		},
	});
}
const localeAware = [[Number.prototype, 'Number', ['toLocaleString']], [String.prototype, 'String', ['localeCompare', 'toLocaleUpperCase', 'toLocaleLowerCase']], [Date.prototype, 'Date', ['toLocaleString', 'toLocaleDateString', 'toLocaleTimeString']], [Array.prototype, 'Array', ['toLocaleString']]];
for (const [prototype, owner, names] of localeAware) {
	for (const name of names) {
		const original = prototype[name];
		prototype[name] = function (...args) {
			note(`${owner}#${name}`);
			return original.apply(this, args);
		};
	}
}
const OriginalRegExp = RegExp;
globalThis.RegExp = new Proxy(OriginalRegExp, {
	construct(target, args) {
		if (String(args[0]).includes('RGI_Emoji')) note('RegExp \\p{RGI_Emoji}');
		return Reflect.construct(target, args);
	},
});

const write = process.stdout.write.bind(process.stdout);
let reported = false;
process.stdout.write = (chunk, ...rest) => {
	const written = write(chunk, ...rest);
	if (!reported && /tenantdeck [·|] /.test(String(chunk))) {
		reported = true;
		const builtins = process.moduleLoadList.filter(name => /undici|http2/.test(name));
		writeFileSync(process.env.FIRST_FRAME_REPORT, JSON.stringify({started, builtins}));
	}
	return written;
};
