// How far a tenant is inside its own work ("412/1000 mailboxes"), worded once for the run view and
// the headless progress lines.

export function progressText(progress: {readonly done: number; readonly total: number; readonly unit: string} | undefined): string {
	if (!progress || progress.total <= 0) return '';
	return `${Math.min(progress.done, progress.total)}/${progress.total} ${progress.unit}`;
}
