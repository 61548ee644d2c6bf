// The HTML report's escaping, checked without a browser: with hostile text in every field a tenant
// or an admin controls, the report holds only the tags tenantdeck writes, one script (the sorter),
// and every hostile value comes back intact as text once entities are decoded.

import test from 'ava';
import {escapeHtml, htmlFoot, htmlHead, htmlRow} from '../../source/core/reports/html.js';

const hostile = [
	`<script>alert(1)</script>`,
	`<img src=x onerror="alert(2)">`,
	`"><svg onload=alert(3)>`,
	`' onmouseover='alert(4)`,
	`</td></tr></table><iframe src="javascript:alert(5)">`,
	`&lt;already escaped&gt; & ampersand`,
	`<!-- comment --> <![CDATA[x]]>`,
];

const ownTags = new Set(['html', 'head', 'meta', 'title', 'style', 'body', 'h1', 'h2', 'p', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'ul', 'li', 'b', 'script']);

/** Entities decoded in one pass, as a browser would (so "&#38;lt;" is the text "&lt;"). */
const decode = (text: string) => text.replace(/&(?:#(\d+)|(lt|gt|amp|quot));/g, (_, code: string | undefined, name: string | undefined) => (code ? String.fromCharCode(Number(code)) : ({lt: '<', gt: '>', amp: '&', quot: '"'})[name!]!));

function report(): string {
	const columns = ['tenantName', ...hostile.slice(0, 2)];
	const outcomes = hostile.map((text, index) => ({tenantName: text, tenantDomain: `${text}.example`, status: index % 2 ? 'failed' : 'succeeded', rows: index, failure: index % 2 ? text : undefined}));
	const rows = hostile.map(text => htmlRow(columns, {tenantName: text, [columns[1]!]: text, [columns[2]!]: text}));
	return htmlHead(hostile[0]!, hostile[1]!, outcomes, columns) + rows.join('') + htmlFoot();
}

test('only tenantdeck\'s own tags appear, and exactly one script', t => {
	const html = report();
	const tags = [...html.matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map(match => match[1]!.toLowerCase());
	t.deepEqual([...new Set(tags)].filter(tag => !ownTags.has(tag)), []);
	t.is(tags.filter(tag => tag === 'script').length, 2, 'one <script> and its </script>');
	const openingTags = [...html.matchAll(/<[a-zA-Z][^>]*>/g)].map(match => match[0]);
	t.deepEqual(openingTags.filter(tag => /\son\w+\s*=/i.test(tag)), [], 'no event handler attribute');
	t.false(html.includes('<!--'));
});

test('every hostile value survives as text', t => {
	const html = report();
	const cells = [...html.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map(match => decode(match[1]!));
	for (const text of hostile) t.true(cells.includes(text), text);
	t.is(decode(/<title>([^<]*)<\/title>/.exec(html)![1]!), hostile[0]);
});

test('escapeHtml leaves no markup character behind', t => {
	for (const text of hostile) {
		const escaped = escapeHtml(text);
		t.false(/[<>"']/.test(escaped), escaped);
		t.is(decode(escaped), text);
	}
});
