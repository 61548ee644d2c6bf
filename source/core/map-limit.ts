// Maps over items with at most `limit` promises in flight, keeping the input order.

export async function mapLimit<T, R>(items: readonly T[], limit: number, map: (item: T) => Promise<R>): Promise<R[]> {
	const results = new Array<R>(items.length);
	let next = 0;
	async function worker(): Promise<void> {
		while (next < items.length) {
			const index = next++;
			results[index] = await map(items[index]!);
		}
	}
	await Promise.all(Array.from({length: Math.min(limit, items.length)}, worker));
	return results;
}
