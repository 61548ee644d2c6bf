// The parameter shape of write operations that name their targets: "a@x.com, b@y.com" becomes a
// de-duplicated, lower-cased list, and anything that is not an address is refused by name. The
// meta tells the form and `--param` how to say so (core/param-problems.ts).

import {z} from 'zod';
import type {EntryProblem} from '../param-problems.js';

export type AddressWords = {
	/** One entry, as a person says it: "user", "mailbox". */
	readonly entry: string;
	/** What each entry must be: "user principal name". */
	readonly entryKind: string;
	readonly example: string;
};

const address = /^[^@\s*?]+@[^@\s*?]+\.[^@\s*?]+$/;

export function addressList(words: AddressWords) {
	return z.string().trim().min(1, `give at least one ${words.entry}, separated by commas`)
		.transform(text => [...new Set(text.split(',').map(part => part.trim().toLowerCase()).filter(Boolean))])
		// No wildcards: a write names each target exactly. Each bad entry is its own issue, naming it.
		.superRefine((list, context) => {
			for (const entry of list) {
				if (address.test(entry)) continue;
				const params: EntryProblem = {notAddress: entry};
				context.addIssue({code: 'custom', message: `"${entry}" is not a ${words.entryKind} like ${words.example}`, params, input: entry});
			}
		})
		.meta({entry: words.entry, entryKind: words.entryKind, example: words.example});
}
