// Exports follow the screen: the console runs an operation (fake ports, real run folders), the
// results are sorted and shown, and each export format holds the same columns and rows in the same
// order as the screen — read back with an independent CSV parser, not our writer. `e` in one
// tenant's rows exports that tenant's rows alone.

import test from 'ava';
import {mkdir, readFile, rm} from 'node:fs/promises';
import {basename} from 'node:path';
import {render} from 'ink-testing-library';
import React from 'react';
import stripAnsi from 'strip-ansi';
import {parse} from 'csv-parse/sync';
import {AppView} from '../../source/app/app.js';
import type {AppState} from '../../source/app/state/app-state.js';
import {exportColumns, rowsInOrder} from '../../source/app/state/results-state.js';
import {viewOf} from '../../source/app/state/run-state.js';
import type {Store} from '../../source/app/store.js';
import type {Controller} from '../../source/app/controller.js';
import {pickAndRun, setup, toTenants, until} from './controller-setup.js';
import {recordingIntents} from './fixtures.js';

async function exported(store: Store, controller: Controller, format: 'csv' | 'json' | 'html' | 'table'): Promise<{path: string; text: string}> {
	store.dispatch({type: 'notified', notice: undefined});
	controller.exportAs(format);
	const done = await until(store, state => /^Exported/.test(state.notice?.text ?? '') || /failed/.test(state.notice?.text ?? ''), `the ${format} export`);
	const path = /to (.+)$/.exec(done.notice!.text)![1]!;
	return {path, text: await readFile(path, 'utf8')};
}

function screenHeader(state: AppState): string[] {
	const view = render(React.createElement(AppView, {state, intents: recordingIntents().intents, configFolder: '/x', width: 120, height: 29}));
	const header = stripAnsi(view.lastFrame() ?? '').split('\n')[2]!;
	view.unmount();
	return header.trim().split(/\s+/).map(name => name.replace(/[↑↓]$/, ''));
}

async function finishedResults(t: Parameters<typeof setup>[0]) {
	const {store, controller} = await setup(t);
	await toTenants(store, controller);
	pickAndRun(controller, 'all');
	await until(store, state => state.run?.finishedAt !== undefined, 'the run');
	return {store, controller};
}

test.serial('every export format follows the on-screen sort and column order', async t => {
	const {store, controller} = await finishedResults(t);
	controller.openResults();
	await until(store, state => state.screen === 'results', 'the results');
	// Sort by size, largest first, and show the tenant ids too.
	controller.table('results', {type: 'results-column', delta: 1});
	controller.table('results', {type: 'results-sort'});
	controller.table('results', {type: 'results-sort'});
	controller.table('results', {type: 'results-tenant-columns'});
	const table = store.getState().results!;
	t.deepEqual(table.sort, {column: 'size', descending: true});
	const shown = screenHeader(store.getState());
	t.deepEqual(shown, ['name', 'size', 'tenantName', 'tenantDomain', 'tenantId'], 'the screen: operation columns, then the tenant');
	const names = [...rowsInOrder(table)].map(row => row['name']);
	t.is(names.length, 12);
	t.deepEqual(names.slice(0, 6).map(name => String(name).endsWith('thing 1')), [true, true, true, true, true, true], 'size 1 first');

	const csv = await exported(store, controller, 'csv');
	const [header, ...lines] = parse(csv.text) as string[][];
	t.deepEqual(header, exportColumns(table));
	t.deepEqual(header!.slice(0, shown.length), shown, 'the file\'s columns start as the screen\'s');
	t.deepEqual(lines.map(line => line[0]), names, 'the file\'s rows in the screen\'s order');

	const json = JSON.parse((await exported(store, controller, 'json')).text) as Array<Record<string, unknown>>;
	t.deepEqual(Object.keys(json[0]!), header);
	t.deepEqual(json.map(row => row['name']), names);

	const html = (await exported(store, controller, 'html')).text;
	const results = html.slice(html.indexOf('<table id="results"'));
	t.deepEqual([...results.matchAll(/<th>([^<]*)<\/th>/g)].map(match => match[1]), header);
	t.deepEqual([...results.matchAll(/<tr><td>([^<]*)<\/td>/g)].map(match => match[1]), names);

	const text = await exported(store, controller, 'table');
	t.true(text.path.endsWith('.txt'));
	const [head, , ...body] = text.text.trimEnd().split('\n');
	t.deepEqual(head!.trim().split(/\s+/), header);
	t.deepEqual(body.map(line => /^(Customer \d{4} thing \d)/.exec(line)?.[1]), names);
});

test.serial('e in one tenant\'s rows exports that tenant\'s rows, with the tenant columns after the operation\'s', async t => {
	const {store, controller} = await finishedResults(t);
	const run = store.getState().run!;
	const tenant = run.tenants[3]!.tenant;
	controller.runMove(viewOf(run).positionOf.get(tenant.tenantId)!);
	controller.openTenantRows();
	await until(store, state => state.screen === 'tenant-rows', 'the tenant\'s rows');
	t.deepEqual(store.getState().tenantRows?.columns, ['name', 'size'], 'no tenant columns on screen');
	const csv = await exported(store, controller, 'csv');
	t.true(basename(csv.path).includes(tenant.tenantDomain), csv.path);
	const [header, ...lines] = parse(csv.text) as string[][];
	t.deepEqual(header, ['name', 'size', 'tenantName', 'tenantDomain', 'tenantId']);
	t.deepEqual(lines.map(line => line[0]), [`${tenant.tenantName} thing 0`, `${tenant.tenantName} thing 1`]);
	t.true(lines.every(line => line[4] === tenant.tenantId), 'only this tenant');
	t.is(store.getState().screen, 'tenant-rows', 'the export leaves the view where it was');
	t.false(store.getState().tenantRows?.exporting);
});

test.serial('an export whose file cannot be opened says so in one line, and the console carries on', async t => {
	const {store, controller} = await finishedResults(t);
	controller.openResults();
	await until(store, state => state.screen === 'results', 'the results');
	const {path} = await exported(store, controller, 'csv');
	// The export's own name taken by a folder: its folder exists, so only opening the file fails, while
	// the rows it writes still sit in the stream's buffer (12 rows, held in memory).
	await rm(path);
	await mkdir(path);
	store.dispatch({type: 'notified', notice: undefined});
	controller.exportAs('csv');
	const failed = await until(store, state => state.notice?.tone === 'danger', 'the failed export');
	t.is(failed.notice!.text, `Export failed: Cannot write to ${path}: a folder has that name (EISDIR). Move what is in the way, or point XDG_STATE_HOME / XDG_CACHE_HOME / XDG_CONFIG_HOME elsewhere.`);
	t.is(failed.screen, 'results');
	await rm(path, {recursive: true});
	const again = await exported(store, controller, 'csv');
	t.is(again.path, path, 'the next export works');
	t.is(parse(again.text).length, 13);
});
