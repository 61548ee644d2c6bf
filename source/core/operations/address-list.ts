// The parameter shape of write operations that name their targets: "a@x.com, b@y.com" becomes a
// de-duplicated, lower-cased list, and anything that is not an address is refused by name.

import {z} from 'zod';

export function addressList(empty: string, invalid: string) {
	return z.string().trim().min(1, empty)
		.transform(text => [...new Set(text.split(',').map(part => part.trim().toLowerCase()).filter(Boolean))])
		// No wildcards: a write names each target exactly.
		.refine(list => list.every(address => /^[^@\s*?]+@[^@\s*?]+\.[^@\s*?]+$/.test(address)), invalid);
}
