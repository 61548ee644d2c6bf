// Every verb and flag of the command line in one table: parsing, `--help` for each verb, the top
// help and "did you mean" all read it. Adding a flag is one line in its verb's `flags`.

import {runSettingRanges} from '../core/run-setting-ranges.js';

export type FlagSpec = {
	readonly type: 'boolean' | 'string';
	readonly short?: string;
	readonly multiple?: boolean;
	/** The placeholder shown in help for a string flag's value. */
	readonly value?: string;
	readonly help: string;
	/** A string flag that must be a whole number from min to max: the flag layer checks it (args.ts). */
	readonly range?: readonly [min: number, max: number];
	/** A flag that means something only beside another one (named without dashes), and what to do instead. */
	readonly onlyWith?: {readonly flag: string; readonly hint: string};
};

export type Flags = Readonly<Record<string, FlagSpec>>;

export type VerbSpec = {
	/** One line for the top-level help. */
	readonly summary: string;
	/** The usage line(s) after "Usage: ". */
	readonly usage: readonly string[];
	/** What the verb does, in a few sentences, for its --help. */
	readonly about: string;
	readonly flags: Flags;
	/** How many positional words the verb takes (default none). */
	readonly positionals?: number;
	/** Printed after the flags in --help (exit codes, examples). */
	readonly footer?: string;
	/** Flags generated elsewhere (the sandbox knobs), loaded only when the verb runs. */
	readonly moreFlags?: () => Promise<Flags>;
};

const connection = {
	sandbox: {type: 'boolean', help: 'work against the embedded practice cloud (nothing at Microsoft is touched)'},
	'sandbox-url': {type: 'string', value: 'url', help: 'work against a sandbox started with "tenantdeck sandbox"'},
	cloud: {type: 'string', value: 'name', help: 'public (default, also GCC), usgov (GCC High), dod or china'},
} as const satisfies Flags;

const timeout = {type: 'string', value: 'seconds', range: runSettingRanges.exchangeTimeoutSec, help: 'an Exchange call silent this long fails its tenant (default 600)'} as const satisfies Flags[string];

export const verbs = {
	'': {
		summary: 'the full-screen console',
		usage: ['tenantdeck [--sandbox [--tls] | --sandbox-url <url>] [--timeout <seconds>]'],
		about: 'Run the same Microsoft 365 work across many customer tenants.\n--sandbox practises on simulated customers; nothing at Microsoft is touched.',
		flags: {
			...connection,
			tls: {type: 'boolean', onlyWith: {flag: 'sandbox', hint: 'A running "tenantdeck sandbox --tls" is reached with --sandbox-url and its https:// address. '}, help: 'with --sandbox: serve the practice cloud over https'},
			timeout,
			version: {type: 'boolean', short: 'v', help: 'print the version and exit'},
		},
	},
	run: {
		summary: 'run an operation headless over many tenants',
		usage: ['tenantdeck run --op <id> --tenants <list|all|@group> [options]', 'tenantdeck run --runbook <file> [options]'],
		about: 'Runs one operation across customer tenants. Progress goes to stderr, rows to stdout.',
		flags: {
			op: {type: 'string', value: 'id', help: 'operation to run (see "tenantdeck ops")'},
			tenants: {type: 'string', value: 'list', help: 'comma-separated domains, tenant ids or names; "all"; or @group'},
			param: {type: 'string', multiple: true, value: 'name=value', help: 'an operation parameter (repeatable)'},
			format: {type: 'string', value: 'f', help: 'table, csv, json, ndjson or html (default: from the --output extension, else table)'},
			output: {type: 'string', value: 'file', help: 'write rows to a file instead of stdout'},
			concurrency: {type: 'string', value: 'n', range: runSettingRanges.concurrency, help: 'tenants worked on at once (Graph; default 16, or the profile\'s "concurrency")'},
			'max-sessions': {type: 'string', value: 'n', range: runSettingRanges.maxSessions, help: 'Exchange connections at once (default 3, the service\'s limit)'},
			timeout,
			'dry-run': {type: 'boolean', help: 'for operations that change data: show before → after, change nothing'},
			yes: {type: 'boolean', help: 'confirm an operation that changes data (required without --dry-run)'},
			'drop-unmatched': {type: 'boolean', help: 'for operations that change data: skip named users/mailboxes no selected tenant owns (listed), instead of refusing'},
			runbook: {type: 'string', value: 'file', help: 'replay a saved tenant set, operation and parameters'},
			'save-runbook': {type: 'string', value: 'file', help: 'save this run\'s tenants, operation and parameters for later'},
			'ops-dir': {type: 'string', value: 'dir', help: 'also load custom operations (.ps1) from this folder'},
			quiet: {type: 'boolean', help: 'no progress lines'},
			...connection,
		},
		footer: 'Exit codes: 0 all tenants succeeded, 3 some failed, 2 usage error, 4 sign-in problem (also when the\nsign-in is revoked mid-run: no further tenants are started), 5 a full or read-only folder, 6 Microsoft could not be\nreached or refused for now before any tenant ran (try again later), 130 interrupted.',
	},
	tenants: {
		summary: 'list customer tenants',
		usage: ['tenantdeck tenants [--refresh] [--format table|json|csv]'],
		about: 'Lists your customer tenants: GDAP relationships merged with contracts, one row per tenant.\nThe list is cached; --refresh asks Microsoft again.',
		flags: {
			refresh: {type: 'boolean', help: 'ask Microsoft for the list again instead of using the cache'},
			format: {type: 'string', value: 'f', help: 'table, json or csv (default table)'},
			...connection,
		},
	},
	ops: {
		summary: 'list operations, or describe one',
		usage: ['tenantdeck ops [operation-id] [--ops-dir <dir>]'],
		about: 'Lists every operation, or describes one: what it does, whether it changes anything, its\nparameters, a write\'s targets, the permissions it needs, a sample run built from those and\nthe PowerShell that sample runs. Custom operations (.ps1 files in the config folder\'s\noperations/ or in --ops-dir) are listed as custom:<name>; problems in their headers go to\nstderr as file:line: what is wrong.',
		flags: {
			'ops-dir': {type: 'string', value: 'dir', help: 'also load custom operations (.ps1) from this folder'},
		},
		positionals: 1,
	},
	login: {
		summary: 'sign in by device code',
		usage: ['tenantdeck login [--sandbox-url <url>]'],
		about: 'Signs in by device code and keeps the sign-in in your token cache (mode 0600).',
		flags: connection,
	},
	logout: {
		summary: 'sign out and delete the token cache',
		usage: ['tenantdeck logout [--sandbox-url <url>]'],
		about: 'Signs out and deletes the token cache.',
		flags: connection,
	},
	consent: {
		summary: 'grant the app into customers (Partner Center)',
		usage: ['tenantdeck consent [--tenants <list|all|@group>] [--dry-run | --yes]'],
		about: 'Grants your multi-tenant app into each customer through Partner Center\'s application consent\nAPI, with exactly the Microsoft Graph scopes and the Exchange grant tenantdeck\'s operations need\n(see "tenantdeck ops <id>"). Already granted counts as done. Needs a GDAP role that may grant\nconsent in each customer: Global Administrator, Privileged Role Administrator or Cloud\nApplication Administrator. One row per tenant; every grant goes to the audit log.',
		flags: {
			tenants: {type: 'string', value: 'list', help: 'comma-separated domains, tenant ids or names; "all" (default); or @group'},
			'dry-run': {type: 'boolean', help: 'show what would be granted, change nothing'},
			yes: {type: 'boolean', help: 'confirm the grants (required without --dry-run)'},
			quiet: {type: 'boolean', help: 'no progress lines'},
			...connection,
		},
		footer: 'Exit codes: 0 every tenant granted, 3 some failed, 2 usage error, 4 sign-in problem, 6 Microsoft could not be reached.',
	},
	doctor: {
		summary: 'check consent, scopes and GDAP roles before a run',
		usage: ['tenantdeck doctor [--op <id>] [--tenants <list|all|@group>] [--format table|json]'],
		about: 'Checks per tenant whether the app is consented, the token carries the operation\'s scopes, an\nactive GDAP relationship holds a role that grants it, and the customer answers, so access is\nfixed before a long run instead of read from its failures. For an Exchange operation it checks the\nExchange.Manage grant and the Exchange role; only --connect opens (and closes) a connection.',
		flags: {
			op: {type: 'string', value: 'id', help: 'the operation to check for (default: every operation)'},
			connect: {type: 'boolean', help: 'for an Exchange operation, also open and close a real Exchange connection per tenant (at most 3 at once); without it Exchange is judged by its grant and role'},
			tenants: {type: 'string', value: 'list', help: 'comma-separated domains, tenant ids or names; "all" (default); or @group'},
			format: {type: 'string', value: 'f', help: 'table or json (default table)'},
			'ops-dir': {type: 'string', value: 'dir', help: 'also load custom operations (.ps1) from this folder'},
			...connection,
		},
		footer: 'Exit codes: 0 every tenant ready, 3 some not ready, 2 usage error, 4 sign-in problem, 6 Microsoft could not be reached.',
	},
	learn: {
		summary: 'guided lessons on the practice cloud, for new team members',
		usage: ['tenantdeck learn [lesson-id]', 'tenantdeck learn --list'],
		about: 'Opens the console on a fresh practice cloud with a lesson above every screen: each step says\nwhat to do and why, waits for you to do it with the normal keys, and checks the result in the\npractice cloud. Without an id it starts the first lesson not done yet. Your own lessons go in\nthe config folder\'s lessons/ (one JSON file each, like the built-in ones in the package\'s lessons/).',
		flags: {
			list: {type: 'boolean', help: 'list the lessons: id, title, and whether you have done it'},
		},
		positionals: 1,
	},
	sandbox: {
		summary: 'start the practice cloud for other commands',
		usage: ['tenantdeck sandbox [--port P] [--tls] [knob flags]', 'tenantdeck sandbox --reset'],
		about: 'Runs the practice cloud in the foreground so other terminals can point commands at it\nwith --sandbox-url, until Ctrl+C or SIGTERM.',
		flags: {
			port: {type: 'string', value: 'P', help: 'port to listen on (default 7357; 0 picks a free port)'},
			tls: {type: 'boolean', help: 'serve https with a local certificate made on first use (for MSAL.NET, MSAL for Python, Graph SDKs)'},
			reset: {type: 'boolean', help: 'forget every practice sign-in, group, runbook, run folder and audit line, then exit'},
		},
		moreFlags: async () => (await import('../sandbox/cli.js')).knobFlags(),
	},
} as const satisfies Record<string, VerbSpec>;

export type VerbName = keyof typeof verbs;

/** The verbs a person types (the console has no verb). */
export const verbNames = (Object.keys(verbs) as VerbName[]).filter(name => name !== '');
