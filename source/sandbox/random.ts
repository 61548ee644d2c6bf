// A small seeded PRNG (mulberry32) so the simulated partner and injected faults are repeatable:
// the same seed gives the same customers, users and fault pattern on every machine.

/** Mixes any strings and numbers into one 32-bit seed (FNV-1a), so each tenant gets its own stream. */
export function seedFrom(...parts: Array<string | number>): number {
	let hash = 0x811c9dc5;
	for (const char of parts.join('\u0000')) {
		hash ^= char.charCodeAt(0);
		hash = Math.imul(hash, 0x01000193);
	}
	return hash >>> 0;
}

export class Random {
	private state: number;

	constructor(seed: number) {
		this.state = seed >>> 0;
	}

	/** Uniform in [0, 1). */
	next(): number {
		this.state = (this.state + 0x6d2b79f5) >>> 0;
		let t = this.state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	/** Whole number in [min, max]. */
	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}

	chance(probability: number): boolean {
		return this.next() < probability;
	}

	pick<T>(items: readonly T[]): T {
		return items[Math.floor(this.next() * items.length)];
	}

	/** A version-4-shaped GUID from this stream (deterministic, unlike crypto.randomUUID). */
	guid(): string {
		let hex = '';
		for (let index = 0; index < 4; index++) hex += Math.floor(this.next() * 0x100000000).toString(16).padStart(8, '0');
		const variant = ((Number.parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
		return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
	}

	/** Fisher–Yates on a copy. */
	shuffle<T>(items: readonly T[]): T[] {
		const copy = [...items];
		for (let index = copy.length - 1; index > 0; index--) {
			const other = Math.floor(this.next() * (index + 1));
			[copy[index], copy[other]] = [copy[other], copy[index]];
		}
		return copy;
	}
}
