// Runs the built CLI inside this process and, at exit, writes its peak RSS (KiB) to fd 3, so a
// bench can measure the real command without a platform-specific `time`. Its CPU time comes along:
// on a busy shared machine wall time swings with the load, CPU per unit of work much less. The main
// thread's own share comes too (Linux): V8 compiles and marks on helper threads, about a third of
// a Graph fan-out's CPU, which can run on another core while the one JavaScript thread is the limit.
import {readFileSync, writeSync} from 'node:fs';
import {resolve} from 'node:path';
import {pathToFileURL} from 'node:url';

const [cli, ...args] = process.argv.slice(2);
process.on('exit', () => {
	try {
		const usage = process.resourceUsage();
		writeSync(3, JSON.stringify({maxRssKiB: usage.maxRSS, cpuMs: Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000), mainThreadCpuMs: mainThreadCpuMs()}) + '\n');
	} catch {}
});
process.argv = [process.argv[0], resolve(cli), ...args];
await import(pathToFileURL(resolve(cli)).href);

/** utime + stime of the main thread from /proc (clock ticks, 100 per second on Linux); undefined elsewhere. */
function mainThreadCpuMs() {
	try {
		const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return (Number(fields[11]) + Number(fields[12])) * 10;
	} catch {
		return undefined;
	}
}
