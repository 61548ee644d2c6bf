// The simulated partner: "Northwind Partners" and its customers, all drawn from a seeded PRNG.
// The customer list is built up front (cheap: names, ids, domains); each tenant's directory is
// generated on first access and kept, so 5,000 tenants start fast and PATCHes persist.
import {BRAND_WORDS, PLACE_WORDS, REGIONS, TRADES, type Region} from './names.js';
import {Random, seedFrom} from './random.js';
import {addHybridFacts, generateDetail, type TenantDetail} from './tenant-detail.js';

export const PARTNER_TENANT_ID = '9f3c2b1a-7e6d-4c5b-8a9f-0e1d2c3b4a59';
export const PARTNER_DOMAIN = 'northwindpartners.onmicrosoft.com';
export const PARTNER_NAME = 'Northwind Partners';
/** The partner admin every sandbox sign-in becomes. */
export const PARTNER_ADMIN = {
	id: '3c9a7b51-2d4e-4f6a-8b1c-0d2e3f4a5b6c',
	userPrincipalName: 'admin@northwindpartners.onmicrosoft.com',
	displayName: 'Northwind Admin',
} as const;

export type Contract = {id: string; displayName: string; defaultDomainName: string; contractType: string};

export type TenantRecord = {
	index: number;
	tenantId: string;
	name: string;
	initialDomain: string;
	/** Verified custom domain, when the customer has one; it is then the default. */
	customDomain?: string;
	defaultDomain: string;
	region: Region;
	createdDateTime: string;
	/** A GDAP relationship exists (listed by delegatedAdminCustomers). */
	gdap: boolean;
	/** A DAP-era contract exists (listed by /contracts); its copies of name and domain may be stale. */
	contract?: Contract;
};

const YEAR_MS = 365 * 24 * 3600 * 1000;
const EPOCH = Date.UTC(2024, 0, 1);

function slugOf(text: string): string {
	return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** An older name, as a contract copied it when the relationship began. */
function olderName(random: Random, base: string, name: string): string {
	return random.pick([base, `${base} Limited`, `${base} Services`, name.toUpperCase()]);
}

function buildCustomer(seed: number, index: number, first: string, trade: string): TenantRecord {
	const random = new Random(seedFrom(seed, 'customer', index));
	const region = random.pick(REGIONS);
	const base = `${first} ${trade}`;
	const name = `${base}${random.pick(region.suffixes)}`;
	const slug = slugOf(base);
	const initialDomain = `${slug.slice(0, 27)}.onmicrosoft.com`;
	const customDomain = random.chance(0.85) ? `${slug}.${random.pick(region.tlds)}` : undefined;
	const defaultDomain = customDomain ?? initialDomain;
	const tenantId = random.guid();
	const createdDateTime = new Date(EPOCH - random.next() * 11 * YEAR_MS).toISOString().replace(/\.\d+Z$/, 'Z');
	// Most customers have both kinds of relationship; every tenth only GDAP, every tenth only DAP.
	const kind = (index + seed) % 10;
	const gdap = kind !== 7;
	const hasContract = kind !== 3;
	const contract: Contract | undefined = hasContract
		? {
			id: random.guid(),
			displayName: random.chance(0.2) ? olderName(random, base, name) : name,
			// The contract copied the default domain of its day, often before the custom domain existed.
			defaultDomainName: customDomain && random.chance(0.2) ? initialDomain : defaultDomain,
			contractType: 'ResellerPartner',
		}
		: undefined;
	return {index, tenantId, name, initialDomain, customDomain, defaultDomain, region, createdDateTime, gdap, contract};
}

const partnerRecord: TenantRecord = {
	index: -1,
	tenantId: PARTNER_TENANT_ID,
	name: PARTNER_NAME,
	initialDomain: PARTNER_DOMAIN,
	defaultDomain: PARTNER_DOMAIN,
	region: REGIONS[0],
	createdDateTime: '2011-06-28T09:12:44Z',
	gdap: false,
};

export class World {
	readonly partner: TenantRecord = partnerRecord;
	readonly customers: readonly TenantRecord[];
	private readonly byKey = new Map<string, TenantRecord>();
	private readonly details = new Map<string, TenantDetail>();

	constructor(
		readonly seed: number,
		count: number,
	) {
		// Every first-word × trade pair in a seeded order: the first `count` are unique by construction.
		const firsts = [...BRAND_WORDS, ...PLACE_WORDS];
		const order = new Random(seedFrom(seed, 'names')).shuffle(Array.from({length: firsts.length * TRADES.length}, (_, index) => index));
		const customers: TenantRecord[] = [];
		const slugs = new Set<string>([slugOf(PARTNER_NAME)]);
		for (const pair of order) {
			if (customers.length >= count) break;
			const first = firsts[Math.floor(pair / TRADES.length)];
			const trade = TRADES[pair % TRADES.length];
			if (slugs.has(slugOf(`${first} ${trade}`))) continue;
			slugs.add(slugOf(`${first} ${trade}`));
			customers.push(buildCustomer(seed, customers.length, first, trade));
		}
		this.customers = customers;
		for (const tenant of [partnerRecord, ...customers]) {
			for (const key of [tenant.tenantId, tenant.initialDomain, tenant.customDomain]) if (key) this.byKey.set(key.toLowerCase(), tenant);
		}
	}

	/** A tenant (partner or customer) by id or any of its domains. */
	find(idOrDomain: string): TenantRecord | undefined {
		return this.byKey.get(idOrDomain.trim().toLowerCase());
	}

	isPartner(tenantId: string): boolean {
		return tenantId === PARTNER_TENANT_ID;
	}

	/** The tenant's directory, generated on first use and kept (so writes persist). */
	detail(tenant: TenantRecord): TenantDetail {
		let detail = this.details.get(tenant.tenantId);
		if (!detail) {
			detail = generateDetail(tenant, new Random(seedFrom(this.seed, 'detail', tenant.tenantId)), tenant === partnerRecord ? PARTNER_ADMIN : undefined);
			// Drawn from its own stream, so the rest of the world is the same as before these existed.
			if (tenant !== partnerRecord) addHybridFacts(detail, new Random(seedFrom(this.seed, 'hybrid', tenant.tenantId)));
			this.details.set(tenant.tenantId, detail);
		}
		return detail;
	}
}
