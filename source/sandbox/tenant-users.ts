// People of one simulated tenant: realistic names and titles, UPNs on the default domain, a few
// accounts with passwords that never expire, a few disabled, one or two Global Administrators.
import {DEPARTMENTS, FIRST_NAMES, JOB_TITLES, LAST_NAMES} from './names.js';
import type {Random} from './random.js';
import type {TenantRecord} from './world.js';

/** A user as Graph stores it; property names are Graph's. */
export type SandboxUser = {
	id: string;
	deletedDateTime: null;
	accountEnabled: boolean;
	businessPhones: string[];
	city: string | null;
	companyName: string | null;
	country: string | null;
	createdDateTime: string;
	department: string | null;
	displayName: string;
	givenName: string | null;
	jobTitle: string | null;
	lastPasswordChangeDateTime: string;
	mail: string | null;
	mailNickname: string;
	mobilePhone: string | null;
	officeLocation: string | null;
	otherMails: string[];
	passwordPolicies: string | null;
	preferredLanguage: string | null;
	proxyAddresses: string[];
	surname: string | null;
	usageLocation: string | null;
	userPrincipalName: string;
	userType: string;
	assignedLicenses: Array<{disabledPlans: string[]; skuId: string}>;
	assignedPlans: Array<{assignedDateTime: string; capabilityStatus: string; service: string; servicePlanId: string}>;
	/** Set on users Entra Connect synchronises from on-premises Active Directory (hybrid tenants only). */
	onPremisesSyncEnabled?: boolean | null;
	onPremisesLastSyncDateTime?: string | null;
};

export type PinnedAdmin = {id: string; userPrincipalName: string; displayName: string};

function stamp(ms: number): string {
	return new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
}

function localPart(text: string): string {
	return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Users of one tenant; the first is the owner (a Global Administrator). */
export function generateUsers(tenant: TenantRecord, random: Random, pinned?: PinnedAdmin): {users: SandboxUser[]; adminIds: string[]} {
	const domain = tenant.defaultDomain;
	const region = tenant.region;
	const created = Date.parse(tenant.createdDateTime);
	const span = Math.max(Date.UTC(2025, 0, 1) - created, 1);
	const total = random.int(5, 40);
	const seen = new Set<string>();
	const users: SandboxUser[] = [];

	const make = (given: string | null, family: string | null, display: string, upnLocal: string, title: string | null): SandboxUser => {
		const upn = `${upnLocal}@${domain}`;
		const createdAt = created + random.next() * span;
		return {
			id: random.guid(),
			deletedDateTime: null,
			accountEnabled: true,
			businessPhones: random.chance(0.6) ? [`${region.phone} ${random.int(1000, 9999)}`] : [],
			city: random.chance(0.7) ? random.pick(region.cities) : null,
			companyName: null,
			country: region.country,
			createdDateTime: stamp(createdAt),
			department: title ? random.pick(DEPARTMENTS) : null,
			displayName: display,
			givenName: given,
			jobTitle: title,
			lastPasswordChangeDateTime: stamp(createdAt + random.next() * (Date.UTC(2025, 6, 1) - createdAt)),
			mail: upn,
			mailNickname: upnLocal,
			mobilePhone: random.chance(0.4) ? `+${random.int(10, 99)} 7${random.int(100, 999)} ${random.int(100000, 999999)}` : null,
			officeLocation: random.chance(0.5) ? random.pick(region.cities) : null,
			otherMails: [],
			passwordPolicies: null,
			preferredLanguage: region.language,
			proxyAddresses: [`SMTP:${upn}`],
			surname: family,
			usageLocation: region.code,
			userPrincipalName: upn,
			userType: 'Member',
			assignedLicenses: [],
			assignedPlans: [],
		};
	};

	const person = (title: string | null): SandboxUser => {
		for (;;) {
			const given = random.pick(FIRST_NAMES);
			const family = random.pick(LAST_NAMES);
			const local = `${localPart(given)}.${localPart(family)}`;
			if (seen.has(local)) continue;
			seen.add(local);
			return make(given, family, `${given} ${family}`, local, title);
		}
	};

	const adminIds: string[] = [];
	if (pinned) {
		const admin = make(null, null, pinned.displayName, pinned.userPrincipalName.split('@')[0], null);
		Object.assign(admin, {id: pinned.id, userPrincipalName: pinned.userPrincipalName, mail: pinned.userPrincipalName, proxyAddresses: [`SMTP:${pinned.userPrincipalName}`]});
		users.push(admin);
		adminIds.push(admin.id);
	} else {
		const owner = person(random.pick(['Director', 'Managing Director', 'Owner', 'Practice Owner']));
		users.push(owner);
		adminIds.push(owner.id);
		// Half the tenants also keep a shared "admin@" account, usually created by a previous IT provider.
		if (random.chance(0.5)) {
			seen.add('admin');
			const admin = make(null, null, random.pick(['Admin', 'IT Admin', 'Microsoft 365 Admin', `${tenant.name} Admin`]), 'admin', null);
			admin.passwordPolicies = 'DisablePasswordExpiration';
			users.push(admin);
			adminIds.push(admin.id);
		}
	}
	while (users.length < total) {
		const user = person(random.pick(JOB_TITLES));
		const draw = random.next();
		if (draw < 0.25) user.passwordPolicies = 'DisablePasswordExpiration';
		else if (draw < 0.3) user.passwordPolicies = 'DisablePasswordExpiration, DisableStrongPassword';
		else if (draw < 0.33) user.passwordPolicies = 'None';
		if (random.chance(0.08)) user.accountEnabled = false;
		users.push(user);
	}
	return {users, adminIds};
}
