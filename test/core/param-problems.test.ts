// Parameter problems in words, the same in the form and for `--param`: what to type, and what was
// wrong with what was typed — never zod's "Invalid input: expected string, received undefined".

import test from 'ava';
import {describeError} from '../../source/core/errors.js';
import {checkParams, validateParams} from '../../source/core/params.js';
import {passwordNeverExpiresSet} from '../../source/core/operations/password-never-expires-set.js';
import {mailboxForwardingRemove} from '../../source/core/operations/mailbox-forwarding-remove.js';
import {checkForm, createFormState, formReducer} from '../../source/app/state/params-state.js';
import {readOp, writeOp} from '../app/fixtures.js';

const words = (result: ReturnType<typeof checkParams>) => ('problem' in result ? result.problem.words : 'no problem');

test('missing or empty users: "Type at least one user, separated by commas"', t => {
	for (const raw of [{}, {users: ''}, {users: '   '}]) {
		const result = checkParams(passwordNeverExpiresSet, raw);
		t.is(words(result), 'Type at least one user, separated by commas, e.g. anne@contoso.com.', JSON.stringify(raw));
		t.is('problem' in result ? result.problem.field : undefined, 'users');
	}
	t.is(words(checkParams(mailboxForwardingRemove, {})), 'Type at least one mailbox, separated by commas, e.g. anne@contoso.com.');
});

test('a bad UPN is named: "“bob” is not a user principal name like anne@contoso.com"', t => {
	t.is(words(checkParams(passwordNeverExpiresSet, {users: 'anne@contoso.com, bob'})), '“bob” is not a user principal name like anne@contoso.com.');
	t.is(words(checkParams(passwordNeverExpiresSet, {users: 'ann*@contoso.com'})), '“ann*@contoso.com” is not a user principal name like anne@contoso.com.');
	t.is(words(checkParams(mailboxForwardingRemove, {mailboxes: 'sales'})), '“sales” is not a mailbox address like anne@contoso.com.');
});

test('choices, numbers and lengths are said in words too', t => {
	t.is(words(checkParams(passwordNeverExpiresSet, {users: 'a@b.com', neverExpires: 'maybe'})), '“maybe” is not a choice here: choose one of on / off for neverExpires.');
	t.is(words(checkParams(readOp, {rows: 1.5})), '“1.5” is not a whole number: type rows without decimals, e.g. 2.');
	t.is(words(checkParams(readOp, {rows: -1})), 'Make rows at least 0; “-1” is too small.');
	t.is(words(checkParams(readOp, {startsWith: 'toolong'})), 'Shorten startsWith to at most 5 characters (this has 7).');
	t.is(words(checkParams(writeOp, {mode: 'x'})), '“x” is not a choice here: choose one of on / off for mode.');
});

test('the form shows the words on the field, without the "see tenantdeck ops" hint', t => {
	let form = createFormState(passwordNeverExpiresSet);
	const missing = checkForm(passwordNeverExpiresSet, form, checkParams);
	t.deepEqual(missing, {error: {field: 'users', message: 'Type at least one user, separated by commas, e.g. anne@contoso.com.'}});
	form = formReducer(form, {type: 'form-edit', value: 'bob'});
	t.deepEqual(checkForm(passwordNeverExpiresSet, form, checkParams), {error: {field: 'users', message: '“bob” is not a user principal name like anne@contoso.com.'}});
});

test('headless --param errors use the same words, naming the parameter and where to read more', t => {
	const error = t.throws(() => validateParams(passwordNeverExpiresSet, {}));
	t.is(describeError(error), 'Parameter "users": Type at least one user, separated by commas, e.g. anne@contoso.com. See "tenantdeck ops password-never-expires-set".');
	t.notRegex(describeError(error), /Invalid input|expected string|received undefined/);
	const bad = t.throws(() => validateParams(passwordNeverExpiresSet, {users: 'bob'}));
	t.regex(describeError(bad), /^Parameter "users": “bob” is not a user principal name like anne@contoso\.com\./);
	const typo = t.throws(() => validateParams(passwordNeverExpiresSet, {user: 'a@b.com'}));
	t.is(describeError(typo), 'Operation password-never-expires-set has no parameter "user". Did you mean users? It accepts: users, neverExpires.');
});
