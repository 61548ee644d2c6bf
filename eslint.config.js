// Lint: typescript-eslint's recommended rules (syntax only, no type information, so it stays fast
// on a small machine) plus a few that catch real mistakes here, and the house format as ESLint
// Stylistic rules (`npm run lint -- --fix` applies them). Those rules check what the code already
// does everywhere (tabs, single quotes, semicolons, no spaces inside braces, trailing commas on
// multi-line lists) and leave line length alone: a formatter that rewraps lines (prettier) would
// rewrite most files for no reader's gain.
import js from '@eslint/js';
import stylistic from '@stylistic/eslint-plugin';
import tseslint from 'typescript-eslint';

export default tseslint.config(
	{ignores: ['dist/**', '.test-build/**', 'bench/results/**', 'node_modules/**', 'source/sandbox/pwsh-host/**', '**/bin/**', '**/obj/**']},
	// Older files still carry disable comments for rules turned off here; they are harmless.
	{linterOptions: {reportUnusedDisableDirectives: 'off'}},
	js.configs.recommended,
	...tseslint.configs.recommended,
	{
		files: ['**/*.{ts,tsx,js,mjs}'],
		languageOptions: {
			globals: {process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setImmediate: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly', fetch: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', Buffer: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', structuredClone: 'readonly', performance: 'readonly', Response: 'readonly', Request: 'readonly', Headers: 'readonly', queueMicrotask: 'readonly', NodeJS: 'readonly'},
		},
		rules: {
			// Unused code is dead code; a leading underscore marks a parameter kept for its position.
			'@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true}],
			// Empty catch blocks are how this code says "a failure here is expected and harmless".
			'no-empty': ['error', {allowEmptyCatch: true}],
			'@typescript-eslint/no-empty-function': 'off',
			// `as` casts sit at validated edges (JSON from our own files, Graph bodies).
			'@typescript-eslint/no-explicit-any': 'error',
			'@typescript-eslint/no-non-null-assertion': 'off',
			// Matching control characters is the job of the terminal-safe filter and the text field.
			'no-control-regex': 'off',
			eqeqeq: ['error', 'always'],
			'no-var': 'error',
			'prefer-const': 'error',
		},
	},
	{
		files: ['**/*.{ts,tsx,js,mjs}'],
		plugins: {'@stylistic': stylistic},
		rules: {
			'@stylistic/indent': ['error', 'tab', {SwitchCase: 1}],
			'@stylistic/no-mixed-spaces-and-tabs': 'error',
			'@stylistic/quotes': ['error', 'single', {avoidEscape: true, allowTemplateLiterals: 'always'}],
			'@stylistic/jsx-quotes': ['error', 'prefer-double'],
			'@stylistic/semi': ['error', 'always'],
			'@stylistic/comma-dangle': ['error', 'always-multiline'],
			'@stylistic/object-curly-spacing': ['error', 'never'],
			'@stylistic/brace-style': ['error', '1tbs', {allowSingleLine: true}],
			'@stylistic/comma-spacing': 'error',
			'@stylistic/key-spacing': 'error',
			'@stylistic/keyword-spacing': 'error',
			'@stylistic/space-infix-ops': 'error',
			'@stylistic/space-before-blocks': 'error',
			'@stylistic/arrow-spacing': 'error',
			'@stylistic/no-trailing-spaces': 'error',
			'@stylistic/no-multiple-empty-lines': ['error', {max: 1}],
			'@stylistic/eol-last': 'error',
		},
	},
	{
		// Tests: fakes may be loosely typed, a generator may never yield (a tenant that only waits),
		// and files whose tests are registered by a helper still import ava so ava counts them.
		files: ['test/**', 'bench/**'],
		rules: {
			'@typescript-eslint/no-explicit-any': 'off',
			'require-yield': 'off',
			'no-empty': 'off',
			'@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^(_|test$)', caughtErrors: 'none', ignoreRestSiblings: true}],
		},
	},
);
