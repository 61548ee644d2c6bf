// Runs the built CLI inside this process and, at exit, writes its peak RSS (KiB) to fd 3, so a
// bench can measure the real command without a platform-specific `time`. Its CPU time comes along:
// on a busy shared machine wall time swings with the load, CPU per unit of work much less.
import {writeSync} from 'node:fs';
import {resolve} from 'node:path';
import {pathToFileURL} from 'node:url';

const [cli, ...args] = process.argv.slice(2);
process.on('exit', () => {
	try {
		const usage = process.resourceUsage();
		writeSync(3, JSON.stringify({maxRssKiB: usage.maxRSS, cpuMs: Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000)}) + '\n');
	} catch {}
});
process.argv = [process.argv[0], resolve(cli), ...args];
await import(pathToFileURL(resolve(cli)).href);
