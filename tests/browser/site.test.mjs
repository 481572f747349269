// kam's rendered site in Debian's headless Chromium (playwright-core, no
// browser download): each page at 1400, 768 and 400 px, a screenshot of
// each, no horizontal overflow at 400 px, and axe-core with no serious or
// critical violation.
//
// Usage: node site.test.mjs SITE_DIR SHOT_DIR [NAME=PAGE...]
//   SITE_DIR  a site rendered by `kam render` (the example repository)
//   SHOT_DIR  where NAME-WIDTH.png go (made if absent)
//   NAME=PAGE the pages to load (below SITE_DIR), each shot as NAME-WIDTH.png;
//             by default the dashboard, an account, a team member and the
//             newest QBR page
// CHROMIUM overrides the browser (default /usr/bin/chromium).
// Prints one line per check; exits 1 when any check fails.
import { readFileSync, readdirSync, mkdirSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const [siteArg, shotArg, ...pageArgs] = process.argv.slice(2);
if (!siteArg || !shotArg) {
	console.error('usage: node site.test.mjs SITE_DIR SHOT_DIR');
	process.exit(2);
}
const site = resolve(siteArg);
const shots = resolve(shotArg);
mkdirSync(shots, { recursive: true });

const WIDTHS = [1400, 768, 400];

// The first page (by name) in a folder of the site, or null.
function firstPage(dir) {
	const full = join(site, dir);
	if (!existsSync(full)) return null;
	const names = readdirSync(full).filter((n) => n.endsWith('.html')).sort();
	return names.length ? `${dir}/${names[0]}` : null;
}
// The newest quarter's page, when the site has quarter pages.
function newestQuarter() {
	const full = join(site, 'quarters');
	if (!existsSync(full)) return null;
	const names = readdirSync(full).filter((n) => n.endsWith('.html')).sort();
	return names.length ? `quarters/${names[names.length - 1]}` : null;
}

const chosen = pageArgs.map((a) => {
	const at = a.indexOf('=');
	if (at < 1) {
		console.error(`not NAME=PAGE: ${a}`);
		process.exit(2);
	}
	const rel = a.slice(at + 1);
	if (!existsSync(join(site, rel))) {
		console.error(`no page ${rel} in ${site}`);
		process.exit(2);
	}
	return [a.slice(0, at), rel];
});
const pages = chosen.length ? chosen : [
	['dashboard', 'index.html'],
	['account', existsSync(join(site, 'accounts/northwind-bank.html'))
		? 'accounts/northwind-bank.html' : firstPage('accounts')],
	['team', firstPage('team')],
	['qbr', newestQuarter()],
].filter(([, rel]) => rel);

let failures = 0;
function report(ok, text) {
	if (!ok) failures++;
	console.log(`${ok ? 'ok' : 'FAIL'} ${text}`);
}

const browser = await chromium.launch({
	executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
	args: ['--no-sandbox', '--font-render-hinting=none'],
});
try {
	for (const [name, rel] of pages) {
		const url = pathToFileURL(join(site, rel)).href;
		for (const width of WIDTHS) {
			const context = await browser.newContext({ viewport: { width, height: 900 } });
			const page = await context.newPage();
			await page.goto(url, { waitUntil: 'load' });
			await page.screenshot({ path: join(shots, `${name}-${width}.png`), fullPage: true });
			const { scroll, inner, wide } = await page.evaluate(() => {
				const inner = window.innerWidth;
				// what sticks out, to say why when it does
				const wide = [];
				for (const el of document.body.querySelectorAll('*')) {
					const r = el.getBoundingClientRect();
					if (r.right > inner + 0.5 && wide.length < 5)
						wide.push(`${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? '.' + el.className : ''} right=${Math.round(r.right)}`);
				}
				return { scroll: document.documentElement.scrollWidth, inner, wide };
			});
			// the page never scrolls sideways, on a phone (400) nor anywhere else
			report(scroll <= inner,
				`${rel} at ${width} px: scrollWidth ${scroll} <= innerWidth ${inner}${scroll > inner ? ' (' + wide.join(', ') + ')' : ''}`);
			if (width === WIDTHS[0]) {
				await page.addScriptTag({ content: axeSource });
				const violations = await page.evaluate(async () => {
					const r = await window.axe.run(document, { resultTypes: ['violations'] });
					return r.violations.map((v) => ({
						id: v.id, impact: v.impact, help: v.help,
						nodes: v.nodes.length, target: v.nodes[0] && v.nodes[0].target.join(' '),
					}));
				});
				const grave = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
				for (const v of violations)
					console.log(`info ${rel}: axe ${v.impact} ${v.id} (${v.nodes} nodes, e.g. ${v.target}): ${v.help}`);
				report(grave.length === 0,
					`${rel}: axe-core ${grave.length} serious or critical violations (${violations.length} in all)`);
			}
			await context.close();
		}
	}
} finally {
	await browser.close();
}
if (failures) {
	console.log(`${failures} checks failed`);
	process.exit(1);
}
console.log('all checks passed');
