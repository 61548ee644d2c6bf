// A clock that ticks while something is live (a countdown, a run's elapsed time) and stops
// otherwise, so an idle screen does not redraw.

import {useEffect, useState} from 'react';

export function useNow(intervalMs: number, active: boolean, clock: () => number = Date.now): number {
	const [now, setNow] = useState(clock);
	useEffect(() => {
		if (!active) return;
		setNow(clock());
		const timer = setInterval(() => setNow(clock()), intervalMs);
		return () => clearInterval(timer);
	}, [intervalMs, active, clock]);
	return now;
}

/** "0.4s", "12s", "2m 05s", "1h 02m". */
export function formatDuration(ms: number): string {
	if (ms < 10_000) return `${(Math.max(0, ms) / 1000).toFixed(1)}s`;
	const seconds = Math.floor(ms / 1000);
	if (seconds < 60) return `${seconds}s`;
	const minutes = Math.floor(seconds / 60);
	if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
	return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}
