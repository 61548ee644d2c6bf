// "Did you mean …?" for anything a person types from a known list: flags, verbs, operation ids.
// Plain edit distance, so a typo (`--tenant`, `rnu`, `user-list`) finds its word.

/** Edit distance (insert, delete, substitute, swap two neighbours) between two words. */
export function editDistance(a: string, b: string): number {
	const rows = Array.from({length: a.length + 1}, (_, i) => Array.from({length: b.length + 1}, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
	for (let i = 1; i <= a.length; i++) {
		for (let j = 1; j <= b.length; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
			rows[i]![j] = best;
		}
	}
	return rows[a.length]![b.length]!;
}

/** The known words close enough to `typed` to be what was meant, closest first. */
export function closestWords(typed: string, known: readonly string[]): string[] {
	const word = typed.toLowerCase();
	// Short words allow one slip; longer ones up to a third of their length.
	const allowed = Math.max(1, Math.floor(word.length / 3));
	return known
		.map(candidate => ({candidate, distance: Math.min(editDistance(word, candidate.toLowerCase()), candidate.toLowerCase().startsWith(word) && word.length >= 3 ? 1 : Number.POSITIVE_INFINITY)}))
		.filter(entry => entry.distance <= allowed)
		.sort((x, y) => x.distance - y.distance)
		.map(entry => entry.candidate);
}

/** " Did you mean X?" (or "X or Y"), or nothing when no known word is close. */
export function didYouMean(typed: string, known: readonly string[]): string {
	const close = closestWords(typed, known).slice(0, 2);
	return close.length > 0 ? `Did you mean ${close.join(' or ')}? ` : '';
}
