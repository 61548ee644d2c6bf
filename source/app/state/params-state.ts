// The parameters form, read from the operation's zod schema: one field per parameter with its
// description and default, values kept as typed, checked by core's checkParams so the form
// and `--param` say the same thing about the same mistake.

import type {AnyOperation} from '../../core/operation.js';
import {paramFields, type FieldKind, type ParamField} from '../../core/param-fields.js';
// Type only: core/params pulls in zod, which stays off the first frame (the controller loads it).
import type {checkParams} from '../../core/params.js';

export type {FieldKind};
export type Field = ParamField;

export type FormValue = string | boolean;

export type FormState = {
	readonly fields: readonly Field[];
	readonly values: Readonly<Record<string, FormValue>>;
	readonly focus: number;
	/** The first problem validateParams found, placed on its field when it names one. */
	readonly error?: {readonly field?: string; readonly message: string};
};

export type FormAction =
	| {type: 'form-focus'; delta: number}
	| {type: 'form-edit'; value: string}
	| {type: 'form-cycle'; delta: number}
	| {type: 'form-error'; error?: FormState['error']};

/** The form's fields: core's one reading of the parameter schema. */
export function fieldsOf(operation: AnyOperation): Field[] {
	return paramFields(operation);
}

export function createFormState(operation: AnyOperation): FormState {
	const fields = fieldsOf(operation);
	const values: Record<string, FormValue> = {};
	for (const field of fields) {
		if (field.kind === 'boolean') values[field.name] = field.defaultValue === true;
		else if (field.kind === 'choice') values[field.name] = String(field.defaultValue ?? field.choices?.[0] ?? '');
		else values[field.name] = field.defaultValue === undefined ? '' : String(field.defaultValue);
	}
	return {fields, values, focus: 0};
}

export function formReducer(state: FormState, action: FormAction): FormState {
	const field = state.fields[state.focus];
	switch (action.type) {
		case 'form-focus': {
			const count = state.fields.length;
			return count === 0 ? state : {...state, focus: (state.focus + action.delta + count) % count};
		}
		case 'form-edit':
			if (!field || field.kind === 'boolean' || field.kind === 'choice') return state;
			return {...state, values: {...state.values, [field.name]: action.value}, error: undefined};
		case 'form-cycle': {
			if (!field) return state;
			if (field.kind === 'boolean') return {...state, values: {...state.values, [field.name]: !state.values[field.name]}, error: undefined};
			if (field.kind !== 'choice' || !field.choices?.length) return state;
			const at = field.choices.indexOf(String(state.values[field.name]));
			const next = field.choices[(at + action.delta + field.choices.length) % field.choices.length]!;
			return {...state, values: {...state.values, [field.name]: next}, error: undefined};
		}
		case 'form-error':
			return {...state, error: action.error};
	}
}

/** The values as the schema wants them: numbers as numbers, empty optional fields left out. */
export function rawParams(state: FormState): Record<string, unknown> {
	const raw: Record<string, unknown> = {};
	for (const field of state.fields) {
		const value = state.values[field.name];
		if (typeof value === 'boolean') raw[field.name] = value;
		else if (value === undefined || value === '') continue;
		else if (field.kind === 'number') raw[field.name] = Number(value);
		else raw[field.name] = value;
	}
	return raw;
}

/**
 * Checks the form with core's checkParams: the parameters to run with, or the problem to show on
 * its field — the field from the zod issue's path, the words from its code (core/param-problems.ts).
 */
export function checkForm(operation: AnyOperation, state: FormState, check: typeof checkParams): {params: Record<string, unknown>} | {error: NonNullable<FormState['error']>} {
	const checked = check(operation, rawParams(state), state.values);
	if ('params' in checked) return checked;
	const {field, words} = checked.problem;
	return {error: {field: field !== undefined && state.fields.some(known => known.name === field) ? field : undefined, message: words}};
}
