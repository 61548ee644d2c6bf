// Imported by a test that checks inverse or colour. A test's stdout is not a terminal, so Ink's
// chalk (the one copy, hoisted) drops every style; this turns basic styles on for that test file.

const {default: chalk} = await import('chalk');
chalk.level = 1;
