// `npm run build:dotnet-client`: builds test/dotnet-client, a script written with Microsoft's own
// .NET libraries (MSAL.NET, the Graph SDK) that test/sandbox/dotnet-client.test.ts drives against
// the sandbox over https. Without a .NET SDK it is a note, not a failure (the test then skips).
import {spawnSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import {dirname, join, relative} from 'node:path';
import {fileURLToPath} from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const project = join(root, 'test', 'dotnet-client');
const env = {...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1', DOTNET_SKIP_FIRST_TIME_EXPERIENCE: '1'};

const probe = spawnSync('dotnet', ['--list-sdks'], {encoding: 'utf8', env});
if (probe.error || probe.status !== 0 || !probe.stdout.trim()) {
	console.log('build:dotnet-client: no .NET SDK found (https://dotnet.microsoft.com/download), so the .NET client test will skip.');
	process.exit(0);
}

// Restore and build apart, so the log says which of the two took the time (restore is the NuGet download).
for (const [step, args] of [['restore', ['restore', '--nologo', '-v', 'quiet']], ['build', ['build', '--no-restore', '-c', 'Release', '--nologo', '-v', 'quiet', '-clp:ErrorsOnly']]]) {
	const started = Date.now();
	const run = spawnSync('dotnet', args, {cwd: project, stdio: 'inherit', env});
	if (run.status !== 0) {
		console.error(`build:dotnet-client: dotnet ${step} failed (exit ${run.status ?? run.signal}).`);
		process.exit(run.status ?? 1);
	}
	console.log(`build:dotnet-client: ${step} took ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const client = join(project, 'bin', 'Release', 'net10.0', process.platform === 'win32' ? 'tenantdeck-dotnet-client.exe' : 'tenantdeck-dotnet-client');
if (!existsSync(client)) {
	console.error(`build:dotnet-client: the build succeeded but ${relative(root, client)} is missing.`);
	process.exit(1);
}
console.log(`build:dotnet-client: built ${relative(root, client)}`);
