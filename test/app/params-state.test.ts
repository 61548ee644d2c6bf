import test from 'ava';
import {checkForm, createFormState, fieldsOf, formReducer, rawParams} from '../../source/app/state/params-state.js';
import {builtInOperations} from '../../source/core/catalog.js';
import {paramNames, validateParams} from '../../source/core/params.js';
import {readOp, writeOp} from './fixtures.js';

test('fields come from the zod schema with kind, description, default and optional', t => {
	t.deepEqual(fieldsOf(readOp).map(field => field.name), paramNames(readOp));
	t.deepEqual(fieldsOf(readOp), [
		{name: 'startsWith', kind: 'text', description: 'Only things starting with this', optional: true, defaultValue: undefined, choices: undefined},
		{name: 'rows', kind: 'number', description: 'Rows per tenant', optional: true, defaultValue: 2, choices: undefined},
	]);
	t.deepEqual(fieldsOf(writeOp)[0]?.choices, ['on', 'off']);
});

test('defaults are filled in; empty optional fields are left out; numbers are numbers', t => {
	const form = createFormState(readOp);
	t.deepEqual(form.values, {startsWith: '', rows: '2'});
	t.deepEqual(rawParams(form), {rows: 2});
	t.deepEqual(checkForm(readOp, form, validateParams), {params: {rows: 2}});
});

test('a bad value gets core validateParams message on its own field', t => {
	let form = formReducer(createFormState(readOp), {type: 'form-edit', value: 'toolongtext'});
	const checked = checkForm(readOp, form, validateParams);
	t.true('error' in checked);
	if ('error' in checked) {
		t.is(checked.error.field, 'startsWith');
		t.regex(checked.error.message, /Parameter "startsWith"/);
	}
	form = formReducer(formReducer(form, {type: 'form-focus', delta: 1}), {type: 'form-edit', value: 'many'});
	const number = checkForm(readOp, form, validateParams);
	t.true('error' in number && number.error.field === 'startsWith', 'the first problem is shown first');
});

test('choices cycle and wrap; focus wraps both ways', t => {
	let form = createFormState(writeOp);
	t.is(form.values['mode'], 'on');
	form = formReducer(form, {type: 'form-cycle', delta: 1});
	t.is(form.values['mode'], 'off');
	form = formReducer(form, {type: 'form-cycle', delta: 1});
	t.is(form.values['mode'], 'on');
	t.is(formReducer(createFormState(readOp), {type: 'form-focus', delta: -1}).focus, 1);
	t.deepEqual(checkForm(writeOp, form, validateParams), {params: {mode: 'on'}});
});

test('every built-in operation gets a form whose defaults validate or name the missing field', t => {
	for (const operation of builtInOperations) {
		const checked = checkForm(operation, createFormState(operation), validateParams);
		if ('error' in checked) t.truthy(checked.error.field, `${operation.id}: ${checked.error.message}`);
		else t.pass();
	}
});

test('the form error is placed by the zod issue path and code, whatever the message says', async t => {
	const {z} = await import('zod');
	const {defineOperation} = await import('../../source/core/operation.js');
	const operation = defineOperation({
		...readOp,
		powershellFor: undefined,
		async *run() {},
		params: z.object({
			from: z.string().optional(),
			to: z.string().refine(value => value !== 'x', {message: 'Pick something other than x'}).optional(),
		}),
	});
	let form = createFormState(operation);
	form = formReducer(formReducer(form, {type: 'form-focus', delta: 1}), {type: 'form-edit', value: 'x'});
	const checked = checkForm(operation, form, validateParams);
	t.deepEqual('error' in checked ? checked.error.field : undefined, 'to');
	const thrown = t.throws(() => validateParams(operation, {to: 'x'})) as Error & {field?: string; code?: string};
	t.is(thrown.field, 'to');
	t.is(thrown.code, 'custom');
});
