// Which columns of a wide table fit the terminal, and how wide each is. Columns keep their
// natural width up to a share of the screen; the highlighted column is always on screen, and the
// table scrolls sideways only as far as it must, so the tenant columns stay put when they can.

export type ColumnSlice = {readonly index: number; readonly width: number};

export const columnGap = 2;

export function layoutColumns(natural: readonly number[], selected: number, width: number): ColumnSlice[] {
	if (natural.length === 0) return [];
	const cap = Math.max(12, Math.floor(width / 3));
	const sizes = natural.map(size => Math.max(3, Math.min(size, cap)));
	const span = (from: number, to: number) => sizes.slice(from, to + 1).reduce((sum, size) => sum + size + columnGap, -columnGap);
	let first = 0;
	while (first < selected && span(first, selected) > width) first++;
	const slices: ColumnSlice[] = [];
	let used = 0;
	for (let index = first; index < sizes.length; index++) {
		const gap = slices.length > 0 ? columnGap : 0;
		const room = width - used - gap;
		if (room <= 0) break;
		if (sizes[index]! <= room) {
			slices.push({index, width: sizes[index]!});
			used += gap + sizes[index]!;
			continue;
		}
		// A last column that only partly fits is shown clipped if enough of it is readable.
		if (room >= 4 || slices.length === 0) slices.push({index, width: room});
		break;
	}
	return slices;
}
