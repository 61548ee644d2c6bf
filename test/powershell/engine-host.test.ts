// The sandbox's engine host: it must behave like `pwsh -NoExit -Command -` for node-powershell,
// end on `exit` or EOF, and die promptly on SIGTERM even while a pipeline blocks.

import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {existsSync} from 'node:fs';
import test, {type ImplementationFn} from 'ava';
import {PowerShell} from 'node-powershell';
import {engineHostPath} from '../../source/adapters/powershell/find-powershell.js';

const host = engineHostPath();
const required = process.env['TENANTDECK_REQUIRE_PWSH'] === '1';
const env = {...process.env, POWERSHELL_TELEMETRY_OPTOUT: '1', POWERSHELL_UPDATECHECK: 'Off'};

function hostTest(title: string, implementation: ImplementationFn<[]>): void {
	if (existsSync(host)) test(title, implementation);
	else if (required) test(title, t => t.fail(`TENANTDECK_REQUIRE_PWSH=1 but the engine host is not built (npm run build:pwsh-host)`));
	else test.skip(`${title} (skipped: engine host not built; npm run build:pwsh-host needs a .NET 10 SDK)`, () => undefined);
}

function start() {
	const child = spawn(host, ['-NoLogo', '-NoProfile', '-NonInteractive', '-NoExit', '-Command', '-'], {env, stdio: ['pipe', 'pipe', 'pipe']});
	child.stdout.setEncoding('utf8');
	child.stderr.setEncoding('utf8');
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (chunk: string) => (stdout += chunk));
	child.stderr.on('data', (chunk: string) => (stderr += chunk));
	/** Resolves when stdout has printed text. */
	const printed = (text: string) =>
		new Promise<void>(resolve => {
			const check = () => {
				if (stdout.includes(text)) {
					child.stdout.off('data', check);
					resolve();
				}
			};
			child.stdout.on('data', check);
			check();
		});
	// 'close', not 'exit': what the host printed last may still be in the pipe when it exits.
	const exited = once(child, 'close') as Promise<[number | null, NodeJS.Signals | null]>;
	return {child, printed, exited, stdout: () => stdout, stderr: () => stderr};
}

hostTest('speaks node-powershell\'s protocol: output to stdout, error records to stderr', async t => {
	const shell = new PowerShell({executable: host, executableOptions: {'-NoProfile': true, '-NonInteractive': true}, spawnOptions: {env}, throwOnInvocationError: false});
	try {
		const ok = await shell.invoke('$a = 1+2; "sum $a"');
		t.is(ok.raw, 'sum 3');
		t.false(ok.hadErrors);
		const failed = await shell.invoke("throw 'boom'");
		t.true(failed.hadErrors);
		t.regex(failed.raw, /boom/);
		// The runspace keeps state between lines, as pwsh does.
		t.is((await shell.invoke('$a * 2')).raw, '6');
	} finally {
		await shell.dispose();
	}
});

hostTest('ends on exit and on end of input', async t => {
	const byExit = start();
	byExit.child.stdin.write('"before"\nexit\n"after"\n');
	t.deepEqual(await byExit.exited, [0, null]);
	t.regex(byExit.stdout(), /before/);
	t.notRegex(byExit.stdout(), /after/);

	const byEof = start();
	byEof.child.stdin.end('"last"\n');
	t.deepEqual(await byEof.exited, [0, null]);
	t.regex(byEof.stdout(), /last/);
});

hostTest('dies promptly on SIGTERM while a pipeline blocks', async t => {
	const subject = start();
	subject.child.stdin.write("[Console]::Out.WriteLine('blocking'); [System.Threading.Thread]::Sleep(60000)\n");
	await subject.printed('blocking');
	const sent = Date.now();
	subject.child.kill('SIGTERM');
	const [code, signal] = await subject.exited;
	t.log(`exit ${code ?? signal} after ${Date.now() - sent} ms (goal < 1 s, measured by npm run bench)`);
	t.true(code === 143 || signal === 'SIGTERM');
});

hostTest('Ctrl+C stops the running pipeline and keeps the host, as pwsh does', async t => {
	const subject = start();
	subject.child.stdin.write("[Console]::Out.WriteLine('looping'); while ($true) { }\n");
	await subject.printed('looping');
	subject.child.kill('SIGINT');
	subject.child.stdin.write("'still here'\nexit\n");
	t.deepEqual(await subject.exited, [0, null]);
	t.regex(subject.stdout(), /still here/);
});
