// `tenantdeck ops <id>` for every operation in the catalog (the built-ins and the shipped custom
// examples): the sample it prints is read back by the real flag parser and the operation's own
// parameter checks, so it is a command that would run, built from the declarations — its required
// parameters, its targets on the sample tenant, a dry run before the real run for a write, none for a
// read — and a write's PowerShell is the one those very values run.

import test from 'ava';
import {join} from 'node:path';
import {loadCatalog} from '../../source/adapters/custom-operations.js';
import {parseVerb} from '../../source/headless/args.js';
import {checkParams, parseParamPairs} from '../../source/core/params.js';
import {paramFields} from '../../source/core/param-fields.js';
import {roleNames} from '../../source/core/permissions.js';
import {sampleTenant, shellWord} from '../../source/core/operation-sample.js';
import {headless, tempEnv} from '../helpers/headless.js';

const examples = join(import.meta.dirname, '../../examples/operations');

/** A POSIX shell's reading of one line of plain words and single-quoted ones. */
function shellWords(line: string): string[] {
	const words: string[] = [];
	let word: string | undefined;
	for (let index = 0; index < line.length; index++) {
		const char = line[index]!;
		if (char === "'") {
			const end = line.indexOf("'", index + 1);
			word = (word ?? '') + line.slice(index + 1, end);
			index = end;
		} else if (char === '\\') {
			word = (word ?? '') + line[++index];
		} else if (char === ' ') {
			if (word !== undefined) words.push(word);
			word = undefined;
		} else word = (word ?? '') + char;
	}
	if (word !== undefined) words.push(word);
	return words;
}

test('shell words: what needs quoting is quoted, and reads back unchanged', t => {
	for (const text of ['plain', 'anne@contoso.com,ben@contoso.com', 'domain=<domain>', "o'brien", 'two words', '$(rm -rf /)']) {
		t.deepEqual(shellWords(shellWord(text)), [text], text);
	}
});

test('ops <id> prints, for every operation in the catalog, a sample command that parses and passes the operation\'s own checks', async t => {
	const env = await tempEnv();
	const {operations, problems} = await loadCatalog({configFolder: env['XDG_CONFIG_HOME']!, opsDir: examples});
	t.deepEqual(problems, []);
	t.true(operations.some(operation => operation.id.startsWith('custom:')), 'the shipped custom examples are in the catalog');
	for (const operation of operations) {
		const described = await headless(['ops', operation.id, '--ops-dir', examples], env);
		t.is(described.code, 0, `${operation.id}: ${described.stderr}`);
		const lines = described.stdout.split('\n');
		const commands = lines.filter(line => line.startsWith('  tenantdeck run ')).map(line => shellWords(line.trim()));
		const write = operation.risk === 'write';
		t.is(commands.length, write ? 2 : 1, `${operation.id}: ${described.stdout}`);
		for (const [index, words] of commands.entries()) {
			const {values} = await parseVerb('run', words.slice(2));
			t.is(values.op, operation.id);
			t.is(values.tenants, sampleTenant.tenantDomain);
			t.is(values['ops-dir'], operation.id.startsWith('custom:') ? examples : undefined, `${operation.id}: a custom operation's sample names the folder it came from`);
			// A write: first the dry run, then the real run; a read needs neither.
			t.deepEqual([Boolean(values['dry-run']), Boolean(values.yes)], write ? [index === 0, index === 1] : [false, false], operation.id);
			const raw = parseParamPairs((values.param ?? []) as string[]);
			const checked = checkParams(operation, raw);
			t.true('params' in checked, `${operation.id}: ${JSON.stringify(checked)}`);
			for (const field of paramFields(operation)) {
				if (!field.optional) t.truthy(raw[field.name], `${operation.id}: the required --param ${field.name} is in the sample`);
				if (field.choices && raw[field.name] !== undefined) t.true(field.choices.includes(raw[field.name]!), `${operation.id}: ${field.name} is one of its choices`);
			}
			t.false(Object.values(raw).some(value => /[<>]/.test(value)), `${operation.id}: no placeholder in the sample: ${JSON.stringify(raw)}`);
			if (!('params' in checked)) continue;

			const targets = operation.targets;
			if (targets) {
				const named = checked.params[targets.param] as string[];
				t.true(named.length > 0 && named.every(name => name.endsWith(`@${sampleTenant.tenantDomain}`)), `${operation.id}: its targets are on the sample tenant's domain: ${named.join(', ')}`);
				t.regex(described.stdout, new RegExp(`^Targets: the \\w+ in --param ${targets.param}\\. Before anything runs`, 'm'));
			} else if (write) t.regex(described.stdout, /^Targets: none declared, so it runs in every tenant you select\.$/m);
			else t.notRegex(described.stdout, /^Targets:/m);

			// The PowerShell printed is what these values run in the sample tenant, not a fixed sample.
			if (operation.powershellFor) {
				const expected = operation.powershellFor(checked.params, sampleTenant);
				const shown = lines.slice(lines.indexOf(`What that runs in ${sampleTenant.tenantDomain}, for these values:`) + 1).map(line => line.slice(2));
				t.deepEqual(shown.slice(0, expected.length), expected, operation.id);
				if (targets) for (const name of checked.params[targets.param] as string[]) t.true(expected.some(line => line.includes(name)), `${operation.id}: ${name} is in its PowerShell`);
				t.false(expected.some(line => line.includes('<tenant>')), operation.id);
			} else t.true(described.stdout.includes(`What a person would type, for one tenant:\n  ${operation.powershell}`), operation.id);
		}
		// The permissions come from the same declaration as the consent and the readme.
		const permissions = operation.permissions!;
		for (const scope of permissions.graph) t.true(described.stdout.includes(scope), `${operation.id}: ${scope}`);
		t.true(described.stdout.includes(roleNames(permissions.roles)), operation.id);
	}
});

test('ops password-never-expires-set: the sample takes the declared default, its PowerShell follows it, each parameter says required or its choices', async t => {
	const described = await headless(['ops', 'password-never-expires-set'], await tempEnv());
	t.regex(described.stdout, /--param users=anne@contoso\.com,ben@contoso\.com --param neverExpires=on --dry-run$/m);
	t.regex(described.stdout, /^ {2}Update-MgUser -UserId anne@contoso\.com -PasswordPolicies DisablePasswordExpiration$/m);
	t.regex(described.stdout, /^ {2}--param neverExpires=… {3}on = password never expires; off = normal expiry \(one of on, off; default on\)$/m);
	t.regex(described.stdout, /^ {2}--param users=… {10}User principal names, separated by commas \(required\)$/m);
});
