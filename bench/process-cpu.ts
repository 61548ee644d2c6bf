// CPU spent by this process and its PowerShell children over a stretch of a bench: steadier than
// wall-clock ratios when others load the machine. Children that exit inside the stretch are counted
// through this process's reaped-children times (cutime/cstime), live ones through their own stat.

import {readFileSync} from 'node:fs';

const ticksPerSecond = 100;

function statTimes(pid: number | 'self'): {own: number; reaped: number} {
	try {
		// Fields after the command name (which may hold spaces): utime is 14th, cutime 16th overall.
		const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
		const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map(index => Number(fields[index]));
		return {own: utime! + stime!, reaped: cutime! + cstime!};
	} catch {
		return {own: 0, reaped: 0};
	}
}

export type CpuMark = {self: number; reaped: number; children: Map<number, number>};

/** A mark now; livePids are the children alive at this moment. */
export function cpuMark(livePids: number[]): CpuMark {
	const self = statTimes('self');
	return {self: self.own, reaped: self.reaped, children: new Map(livePids.map(pid => [pid, statTimes(pid).own]))};
}

/** CPU milliseconds between two marks: node itself, and its PowerShell children. */
export function cpuBetween(start: CpuMark, end: CpuMark): {nodeMs: number; childrenMs: number} {
	const sum = (values: Iterable<number>) => [...values].reduce((total, value) => total + value, 0);
	const ticks = end.reaped - start.reaped + sum(end.children.values()) - sum(start.children.values());
	return {nodeMs: ((end.self - start.self) * 1000) / ticksPerSecond, childrenMs: (ticks * 1000) / ticksPerSecond};
}
