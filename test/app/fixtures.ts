// Plain values for console tests: tenants, operations, states and intents that record calls.

import {z} from 'zod';
import type {AnyOperation} from '../../source/core/operation.js';
import {defineOperation} from '../../source/core/operation.js';
import type {Tenant} from '../../source/core/tenant.js';
import type {Intents} from '../../source/app/screens/screen-props.js';
import {initialAppState, type AppState} from '../../source/app/state/app-state.js';
import {appReducer, type AppAction} from '../../source/app/state/app-reducer.js';

export function tenants(count: number): Tenant[] {
	return Array.from({length: count}, (_, index) => ({
		// Letters only, so filters on the name's digits do not also match ids.
		tenantId: `tid-${[...index.toString(26).padStart(4, '0')].map(digit => 'abcdefghijklmnopqrstuvwxyz'[parseInt(digit, 26)]).join('')}`,
		tenantDomain: `customer${index}.onmicrosoft.com`,
		tenantName: `Customer ${String(index).padStart(4, '0')}`,
		source: 'both' as const,
	}));
}

/** A read operation that yields `rows` rows per tenant and fails tenants whose name says "Broken". */
export const readOp = defineOperation({
	id: 'things-list',
	title: 'List things',
	description: 'Lists the things in each tenant.',
	risk: 'read',
	backend: 'graph',
	powershell: 'Get-Thing -All',
	params: z.object({
		startsWith: z.string().trim().max(5).optional().describe('Only things starting with this'),
		rows: z.number().int().min(0).default(2).describe('Rows per tenant'),
	}),
	columns: ['name', 'size'],
	async *run({tenant}, params) {
		if (tenant.tenantName.includes('Broken')) throw Object.assign(new Error('Access denied'), {name: 'Error'});
		for (let index = 0; index < params.rows; index++) yield {name: `${tenant.tenantName} thing ${index}`, size: index};
	},
});

export const writeOp: AnyOperation = defineOperation({
	id: 'thing-set',
	title: 'Set a thing',
	description: 'Changes a thing.',
	risk: 'write',
	backend: 'graph',
	powershell: 'Set-Thing -On',
	params: z.object({mode: z.enum(['on', 'off']).default('on').describe('on or off')}),
	columns: ['target', 'result'],
	async *run({tenant, dryRun}) {
		yield {target: tenant.tenantDomain, result: dryRun ? 'would change' : 'changed'};
	},
});

/** A state a test starts from without walking there: a plain edit of the value, not an action. */
export type Given = {readonly given: Partial<AppState>};
export type Step = AppAction | Given;

/** Folds actions (and given values) over the initial state, as the store would. */
export function stateWith(...steps: Step[]): AppState {
	return steps.reduce<AppState>((state, step) => ('given' in step ? {...state, ...step.given} : appReducer(state, step)), initialAppState([readOp, writeOp]));
}

export const given = (value: Partial<AppState>): Given => ({given: value});

export type Recorder = {intents: Intents; calls: Array<[string, unknown[]]>; names(): string[]};

/** Intents that only record what a screen asked for. */
export function recordingIntents(): Recorder {
	const calls: Array<[string, unknown[]]> = [];
	const intents = new Proxy({}, {
		get: (_target, name) => (...args: unknown[]) => {
			calls.push([String(name), args]);
		},
	}) as Intents;
	return {intents, calls, names: () => calls.map(([name]) => name)};
}

/**
 * The time on every screen show() draws (its clock stands still): fixtures date their events and
 * codes from it, so an elapsed time or a time left reads exactly, however long the test took.
 */
export const shownAt = Date.UTC(2026, 10, 29, 9, 30);

/** Ink needs a moment after stdin.write before the frame shows the change. */
export const tick = (ms = 60) => new Promise(resolve => setTimeout(resolve, ms));
