// Maps over items with at most `limit` promises in flight, keeping the input order. Once one map
// fails, no further item is started (the result is that failure): a lost sign-in in doctor's check
// no longer went on starting every remaining tenant only to fail each at its token.

export async function mapLimit<T, R>(items: readonly T[], limit: number, map: (item: T) => Promise<R>): Promise<R[]> {
	const results = new Array<R>(items.length);
	let next = 0;
	let failed = false;
	async function worker(): Promise<void> {
		while (next < items.length && !failed) {
			const index = next++;
			try {
				results[index] = await map(items[index]!);
			} catch (error) {
				failed = true;
				throw error;
			}
		}
	}
	await Promise.all(Array.from({length: Math.min(limit, items.length)}, worker));
	return results;
}
