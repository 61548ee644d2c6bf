// Group names are typed as `--tenants @name` and are keys of groups.json: letters, digits, - _ .,
// starting with a letter or digit, and never a name every JavaScript object already answers to
// (`@constructor` once answered "n.flatMap is not a function").

const shape = /^[\p{L}\p{N}][\p{L}\p{N}_.-]{0,63}$/u;

/** Why `name` cannot name a group, or undefined when it can. */
export function groupNameProblem(name: string): string | undefined {
	if (!shape.test(name)) return 'a group name is up to 64 letters, digits, - _ or ., starting with a letter or digit';
	if (name in Object.prototype) return 'that name is reserved (every JavaScript object has it)';
	return undefined;
}
