// Usage: node bench/profile-callers.mjs <cpuprofile> <functionName> [depth]: inclusive time of a function split by its callers' chain.
import {readFileSync} from 'node:fs';
const [file, target, depthText] = process.argv.slice(2);
const depth = Number(depthText ?? 3);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const self = new Map();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + profile.timeDeltas[i] / 1000));
const byId = new Map(profile.nodes.map(n => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const incl = new Map();
const total = id => { if (incl.has(id)) return incl.get(id); const n = byId.get(id); let t = self.get(id) ?? 0; for (const c of n.children ?? []) t += total(c); incl.set(id, t); return t; };
const chains = new Map();
for (const n of profile.nodes) {
	if (n.callFrame.functionName !== target) continue;
	// skip nested recursion
	let p = parent.get(n.id), nested = false; while (p) { if (byId.get(p).callFrame.functionName === target) nested = true; p = parent.get(p); }
	if (nested) continue;
	const names = []; p = parent.get(n.id);
	for (let i = 0; i < depth && p; i++) { names.push(byId.get(p).callFrame.functionName || '(anon)'); p = parent.get(p); }
	const key = names.join(' < ');
	chains.set(key, (chains.get(key) ?? 0) + total(n.id));
}
for (const [k, v] of [...chains].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(v.toFixed(0).padStart(6), k);
