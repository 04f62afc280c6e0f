// Looks at the Hawtio console of a running Keyrelay the way a person would, in Debian's Chromium driven by
// playwright-core (HawtioConsoleBrowserTest runs it):
//   node hawtio-console.mjs <management base URL> <provider id> <screenshot dir>
// 1. /hawtio/camel/routes: waits for the route list to show the ingress route, prints its row, saves hawtio-routes.png
// 2. /hawtio/jmx: filters the tree to KeyPool, opens keyrelay > KeyPool > <provider>, waits for its attributes, prints
//    them, saves hawtio-keypool.png
// Prints one JSON line per finding ({"routes": ...}, {"keypool": ...}); exits 1 with the reason when something is missing.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [base, provider, outDir] = process.argv.slice(2);
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const profile = mkdtempSync(join(tmpdir(), 'keyrelay-chromium-'));
const WAIT = 30000;

const context = await chromium.launchPersistentContext(profile, {
  executablePath,
  headless: true,
  viewport: { width: 1600, height: 1250 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let failed = null;
try {
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(WAIT);
  const errors = [];
  page.on('response', r => { if (r.status() >= 500) errors.push(r.status() + ' ' + r.url()); });

  // Hawtio 5 polls Jolokia all the time, so "network idle" never comes: wait for what should show instead
  await page.goto(base + '/hawtio/camel/routes', { waitUntil: 'load' });
  const ingress = page.locator('tr', { has: page.locator('td', { hasText: /^\s*ingress\s*$/ }) }).first();
  await ingress.waitFor();
  await page.waitForTimeout(300); // let the counters of the other rows settle before the picture
  const cells = (await ingress.locator('td').allInnerTexts()).map(t => t.trim());
  console.log(JSON.stringify({ routes: { ingress: cells, title: await page.title() } }));
  await page.screenshot({ path: join(outDir, 'hawtio-routes.png') });

  await page.setViewportSize({ width: 1600, height: 900 });
  await page.goto(base + '/hawtio/jmx', { waitUntil: 'load' });
  await page.getByText('keyrelay', { exact: true }).first().waitFor();
  const filter = page.locator('input').first(); // the JMX tree's filter
  await filter.fill('KeyPool');
  await filter.press('Enter');
  await page.getByText(provider, { exact: true }).first().click();
  const objectName = 'keyrelay:type=KeyPool,provider=' + provider;
  await page.getByText(objectName, { exact: true }).waitFor();
  await page.getByText('UsableKeys', { exact: true }).waitFor();
  const attributes = {};
  for (const row of await page.locator('tr', { has: page.locator('td') }).all()) {
    const cells = (await row.locator('td').allInnerTexts()).map(t => t.trim());
    if (cells.length >= 2) attributes[cells[0]] = cells[1];
  }
  console.log(JSON.stringify({ keypool: { objectName, attributes } }));
  await page.screenshot({ path: join(outDir, 'hawtio-keypool.png') });
  if (errors.length > 0) console.log(JSON.stringify({ serverErrors: errors }));
} catch (e) {
  failed = e;
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
if (failed) {
  console.error('The console did not show what was expected: ' + failed.message);
  process.exit(1);
}
