// Word lists for the simulated partner's customers and their people. Company names combine a
// first word with a trade (130 × 50 = 6,500 pairs), so 5,000 customers stay unique.

export const BRAND_WORDS = [
	'Contoso', 'Fabrikam', 'Adatum', 'Tailspin', 'Woodgrove', 'Litware', 'Proseware', 'Wingtip', 'Coho', 'Lucerne',
	'Trey', 'Humongous', 'Alpine', 'Blue Yonder', 'Relecloud', 'Munson', 'Datum', 'Southridge', 'Lamna', 'Consolidated',
	'Fourth', 'Graphic', 'Margie', 'Nod', 'Wide World', 'Adventure', 'Bellows', 'Cascade', 'Tidewater', 'Ironbridge',
	'Redwood', 'Silverline', 'Oakleaf', 'Brightwater', 'Kestrel', 'Heron', 'Falcon', 'Juniper', 'Meadow', 'Willow',
	'Copperfield', 'Harbour', 'Summit', 'Granite', 'Lantern', 'Beacon', 'Evergreen', 'Foxglove', 'Hawthorn', 'Larkspur',
	'Marigold', 'Northgate', 'Orchard', 'Pinnacle', 'Quayside', 'Riverside', 'Saltmarsh', 'Thistle', 'Upland', 'Vantage',
] as const;

export const PLACE_WORDS = [
	'Ashford', 'Bramley', 'Carlton', 'Dunmore', 'Elmstead', 'Farnham', 'Glenrock', 'Hadley', 'Ilkley', 'Jesmond',
	'Kingsley', 'Langford', 'Marlow', 'Newbury', 'Oakham', 'Penrith', 'Quorn', 'Rydal', 'Selby', 'Thornbury',
	'Ulverston', 'Ventnor', 'Wexford', 'Yarmouth', 'Alston', 'Buxton', 'Cromer', 'Dorking', 'Epsom', 'Frome',
	'Goole', 'Hexham', 'Kendal', 'Ludlow', 'Malton', 'Nairn', 'Otley', 'Padstow', 'Ripon', 'Sedbergh',
	'Tetbury', 'Uckfield', 'Wells', 'Whitby', 'Bourne', 'Clifton', 'Denton', 'Everton', 'Fulwood', 'Grantham',
	'Halton', 'Ingleby', 'Keswick', 'Lowther', 'Morley', 'Norton', 'Olney', 'Preston', 'Redcar', 'Stanton',
	'Tarrant', 'Upton', 'Walton', 'Ashby', 'Boston', 'Camden', 'Derwent', 'Eastwood', 'Fairfield', 'Greenwich',
] as const;

export const TRADES = [
	'Dental', 'Joinery', 'Plumbing', 'Accountants', 'Bakery', 'Veterinary', 'Legal', 'Architects', 'Electrical', 'Florists',
	'Motors', 'Physio', 'Opticians', 'Roofing', 'Landscaping', 'Logistics', 'Printing', 'Surveyors', 'Pharmacy', 'Catering',
	'Engineering', 'Removals', 'Glazing', 'Nurseries', 'Fitness', 'Dentistry', 'Tiling', 'Bookkeeping', 'Insurance', 'Lettings',
	'Estate Agents', 'Brewing', 'Coffee', 'Interiors', 'Cleaning', 'Security', 'Wealth', 'Travel', 'Marine', 'Farming',
	'Kitchens', 'Signs', 'Studios', 'Tutoring', 'Clinic', 'Couriers', 'Solar', 'Scaffolding', 'Recruitment', 'Consulting',
] as const;

export const FIRST_NAMES = [
	'Olivia', 'Amelia', 'Isla', 'Ava', 'Mia', 'Ivy', 'Lily', 'Grace', 'Freya', 'Sophia', 'Emily', 'Ella', 'Chloe', 'Ruby',
	'Hannah', 'Priya', 'Aisha', 'Zara', 'Megan', 'Laura', 'Sarah', 'Nina', 'Claire', 'Fiona', 'Helen', 'Maria', 'Alice',
	'Oliver', 'George', 'Noah', 'Arthur', 'Leo', 'Harry', 'Oscar', 'Jack', 'Charlie', 'Thomas', 'James', 'William', 'Henry',
	'Samuel', 'Daniel', 'Joseph', 'David', 'Adam', 'Ravi', 'Omar', 'Lukas', 'Mateo', 'Ethan', 'Ryan', 'Connor', 'Liam',
	'Aaron', 'Ben', 'Callum', 'Dylan', 'Finn', 'Isaac', 'Marcus',
] as const;

export const LAST_NAMES = [
	'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Patel', 'Robinson', 'Wright', 'Thompson',
	'Evans', 'Walker', 'White', 'Roberts', 'Green', 'Hall', 'Thomas', 'Clarke', 'Jackson', 'Wood', 'Harris', 'Edwards',
	'Turner', 'Martin', 'Cooper', 'Hill', 'Ward', 'Hughes', 'Moore', 'Clark', 'King', 'Harrison', 'Lewis', 'Baker', 'Lee',
	'Allen', 'Morris', 'Khan', 'Scott', 'Watson', 'Davis', 'Parker', 'James', 'Bennett', 'Young', 'Price', 'Mitchell',
	"O'Brien", 'Murphy', 'Kelly', 'Nguyen', 'Singh', 'Chen', 'Garcia', 'Novak', 'Fischer', 'Rossi', 'Kowalski',
] as const;

export const JOB_TITLES = [
	'Office Manager', 'Accounts Assistant', 'Receptionist', 'Operations Manager', 'Sales Executive', 'Project Manager',
	'Administrator', 'Bookkeeper', 'Technician', 'Senior Consultant', 'Marketing Coordinator', 'Customer Service Advisor',
	'Practice Manager', 'Apprentice', 'Estimator', 'Site Supervisor', 'HR Advisor', 'Finance Manager',
] as const;

export const DEPARTMENTS = ['Operations', 'Finance', 'Sales', 'Administration', 'Customer Service', 'Marketing', 'Projects'] as const;

export type Region = {
	country: string;
	code: string;
	language: string;
	tlds: readonly string[];
	suffixes: readonly string[];
	cities: readonly string[];
	phone: string;
};

export const REGIONS: readonly Region[] = [
	{country: 'United Kingdom', code: 'GB', language: 'en-GB', tlds: ['co.uk', 'co.uk', 'uk', 'com'], suffixes: [' Ltd', ' Ltd', '', ' & Co'], cities: ['London', 'Leeds', 'Bristol', 'York', 'Norwich', 'Exeter'], phone: '+44 20 7946'},
	{country: 'United States', code: 'US', language: 'en-US', tlds: ['com', 'com', 'us'], suffixes: [' LLC', ' Inc.', ''], cities: ['Seattle', 'Denver', 'Austin', 'Portland', 'Boston'], phone: '+1 206 555'},
	{country: 'Australia', code: 'AU', language: 'en-AU', tlds: ['com.au'], suffixes: [' Pty Ltd', ''], cities: ['Sydney', 'Melbourne', 'Brisbane', 'Perth'], phone: '+61 2 5550'},
	{country: 'Ireland', code: 'IE', language: 'en-IE', tlds: ['ie', 'com'], suffixes: [' Ltd', ' Limited', ''], cities: ['Dublin', 'Cork', 'Galway'], phone: '+353 1 555'},
	{country: 'New Zealand', code: 'NZ', language: 'en-NZ', tlds: ['co.nz'], suffixes: [' Ltd', ''], cities: ['Auckland', 'Wellington', 'Christchurch'], phone: '+64 9 555'},
	{country: 'Canada', code: 'CA', language: 'en-CA', tlds: ['ca', 'com'], suffixes: [' Inc.', ' Ltd', ''], cities: ['Toronto', 'Vancouver', 'Calgary'], phone: '+1 604 555'},
];
