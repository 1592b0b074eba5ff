// Loads a glassbox HTML report from file:// in headless Chromium and checks
// it against the JSON report of the same scan. Prints one PASS:/FAIL: line per
// check and DONE at the end (tests/integration/test_html_report.sh counts them).
//
//   node check_html.mjs REPORT.html REPORT.json SCREENSHOT.png [QUERY EXPECTED_PATH_SUBSTRING]
//
// QUERY: a search typed into the findings search box; the number shown must
// equal the findings whose path contains EXPECTED_PATH_SUBSTRING.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const [html, jsonPath, shot, query, pathPart] = process.argv.slice(2);
const rep = JSON.parse(readFileSync(jsonPath, 'utf8'));
const res = (ok, what) => console.log((ok ? 'PASS:' : 'FAIL:') + what);
const eq = (a, b, what) => res(JSON.stringify(a) === JSON.stringify(b), `${what}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`.slice(0, 400));

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  // root in a container has no user namespaces for Chromium's sandbox
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const problems = [];
  const requests = [];
  const dialogs = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  page.on('request', (r) => { if (!r.url().startsWith('file:')) requests.push(r.url()); });
  await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });

  // What was scanned
  eq(await page.locator('#scan td.mono').nth(1).textContent(), rep.scan.input.sha256, 'input sha256');
  res((await page.locator('#input-size').textContent()).includes(`${rep.scan.input.size} bytes`), 'input size');
  const scanText = await page.locator('#scan').textContent();
  res(['tool_version', 'rules_version', 'vulndata_version', 'started_at'].every((k) => scanText.includes(rep.scan[k])),
    'tool, rules and data versions and time shown');

  // Totals by severity and category
  const sev = {};
  for (const row of await page.locator('#sev-totals tr[data-sev]').all())
    sev[await row.getAttribute('data-sev')] = Number(await row.locator('td.num').textContent());
  eq(sev, rep.scan.summary.findings_by_severity, 'severity totals');
  const cat = {};
  for (const row of await page.locator('#cat-totals tr[data-cat]').all())
    cat[await row.getAttribute('data-cat')] = Number(await row.locator('td.num').textContent());
  const wantCat = {};
  for (const f of rep.findings) wantCat[f.category] = (wantCat[f.category] || 0) + 1;
  eq(Object.entries(cat).sort(), Object.entries(wantCat).sort(), 'category totals');

  // Charts: inline SVG with the same counts
  const bars = {};
  for (const g of await page.locator('#chart-severity g').all())
    bars[await g.getAttribute('data-label')] = Number(await g.getAttribute('data-count'));
  eq(bars, rep.scan.summary.findings_by_severity, 'severity chart');
  const box = await page.locator('#chart-severity').boundingBox();
  res(box && box.width > 100 && box.height > 50, 'severity chart is drawn');
  res(await page.locator('#chart-category').count() === 1 && await page.locator('#chart-filetypes g').count() > 0,
    'category and file-type charts present');

  // Component ages: one bar per component with a date, oldest first, each with
  // the JSON report's date and kind; the others listed as having none
  const dated = rep.components.filter((c) => c.date);
  const ageBars = await page.locator('#chart-ages g').evaluateAll((gs) => gs.map((g) => ({
    name: g.dataset.name, version: g.dataset.version, date: g.dataset.date, kind: g.dataset.kind,
    days: Number(g.dataset.ageDays), width: Number(g.querySelector('rect').getAttribute('width')) })));
  eq(ageBars.length, dated.length, 'age chart: one bar per dated component');
  eq(ageBars.map((b) => `${b.name} ${b.version} ${b.date} ${b.kind}`).sort(),
    dated.map((c) => `${c.name} ${c.version} ${c.date} ${c.date_kind}`).sort(), 'age chart: dates and kinds of the JSON report');
  const scanDay = Date.parse(rep.scan.started_at.slice(0, 10) + 'T00:00:00Z');
  eq(ageBars.map((b) => b.days), ageBars.map((b) => Math.round((scanDay - Date.parse(b.date + 'T00:00:00Z')) / 86400000)),
    'age chart: ages are days from the date to the scan');
  res(ageBars.every((b, i) => i === 0 || ageBars[i - 1].days >= b.days), 'age chart: oldest first');
  res(ageBars.every((b, i) => i === 0 || ageBars[i - 1].width >= b.width), 'age chart: bars scale with age');
  if (dated.length) {
    const abox = await page.locator('#chart-ages').boundingBox();
    res(abox && abox.width > 100 && abox.height >= 20 * dated.length, 'age chart is drawn');
    await page.locator('#chart-ages').screenshot({ path: shot.replace(/\.png$/, '-ages.png') });
  }
  eq(await page.locator('#ages-undated li:not(.muted)').evaluateAll((li) => li.map((l) => l.textContent).sort()),
    rep.components.filter((c) => !c.date).map((c) => `${c.name} ${c.version}`).sort(), 'components with no date in the image listed');

  // Reachable at boot
  const services = await page.locator('#reachable-table tr[data-service]').evaluateAll((rows) => rows.map((r) => r.dataset.service));
  eq(services, rep.reachable.filter((s) => s.network).map((s) => s.service), 'reachable services');

  // A rule of the reachable table shows its findings
  const link = page.locator('#reachable-table a.rule-link').first();
  if (await link.count()) {
    const rule = await link.getAttribute('data-rule');
    await link.click();
    eq(await page.locator('#f-shown').textContent(), String(rep.findings.filter((f) => f.rule_id === rule).length), `reachable link shows the findings of ${rule}`);
    await page.locator('#f-q').fill('');
  }

  // TS 33.117 table
  const verdicts = await page.locator('#ts-table tr[data-verdict]').evaluateAll((rows) => rows.map((r) => r.dataset.verdict));
  eq(verdicts, rep.ts33117.map((c) => c.verdict), 'TS 33.117 verdicts');

  // Findings: all there, grouped by severity, each with its evidence
  const groups = await page.locator('#finding-list div.group').evaluateAll((gs) => gs.map((g) => [g.dataset.sev, g.querySelectorAll('article').length]));
  eq(groups, ['critical', 'high', 'medium', 'low', 'info'].map((s) => [s, rep.scan.summary.findings_by_severity[s]]).filter((g) => g[1] > 0),
    'findings grouped by severity, worst first');
  const articles = page.locator('#finding-list article.finding');
  eq(await articles.count(), rep.findings.length, 'findings rendered');
  eq(await page.locator('#f-shown').textContent(), String(rep.findings.length), 'all findings shown at first');
  const withEvidence = rep.findings.filter((f) => f.evidence).length;
  eq(await page.locator('#finding-list dt', { hasText: /^evidence$/ }).count(), withEvidence, 'evidence of each finding');
  res(await page.locator('#f-controls').isVisible(), 'filter controls visible with JavaScript');

  // Filter by severity: only high
  for (const s of ['critical', 'medium', 'low', 'info']) await page.locator(`#f-sev input[value=${s}]`).uncheck();
  const high = rep.findings.filter((f) => f.severity === 'high').length;
  eq(await page.locator('#f-shown').textContent(), String(high), 'severity filter: high only');
  eq(await page.locator('#finding-list article.finding:visible').count(), high, 'severity filter hides the others');
  eq(await page.locator('#finding-list div.group:visible').evaluateAll((gs) => gs.map((g) => [g.dataset.sev, g.querySelector('.group-n').textContent])),
    high ? [['high', String(high)]] : [], 'severity filter: only the high group shows, with its count');
  for (const s of ['critical', 'medium', 'low', 'info']) await page.locator(`#f-sev input[value=${s}]`).check();

  // Filter by category
  if (rep.findings.length) {
    const c = rep.findings[0].category;
    await page.locator('#f-cat').selectOption(c);
    eq(await page.locator('#f-shown').textContent(), String(wantCat[c]), `category filter: ${c}`);
    await page.locator('#f-cat').selectOption('');
  }

  // Search
  if (query) {
    await page.locator('#f-q').fill(query);
    const want = rep.findings.filter((f) => (f.path || '').toLowerCase().includes(pathPart.toLowerCase())).length;
    eq(await page.locator('#f-shown').textContent(), String(want), `search "${query}"`);
    eq(await page.locator('#finding-list article.finding:visible').count(), want, 'search hides the others');
    await page.locator('#f-q').fill('no-such-thing-in-any-finding');
    eq(await page.locator('#f-shown').textContent(), '0', 'search without a match shows none');
    await page.locator('#f-q').fill('');
  }

  // Components with their CVEs
  eq(await page.locator('#component-table tr[data-vulns]').count(), rep.components.length, 'components rendered');
  const vulns = await page.locator('#component-table tr[data-vulns]').evaluateAll((rows) => rows.reduce((n, r) => n + Number(r.dataset.vulns), 0));
  eq(vulns, rep.findings.filter((f) => f.rule_id === 'GB-VULN-001').length, 'CVEs listed with their components');

  // Unpacked tree
  const nodes = rep.artifacts.filter((a) => a.status !== 'replaced');
  const rows = await page.locator('#tree-body tr').count();
  eq(rows, Math.min(500, nodes.length), 'tree: first page rendered');
  res((await page.locator('#t-shown').textContent()).endsWith(`of ${nodes.length}`), 'tree: node count');
  eq(await page.locator('#container-table tr').count() - 1, nodes.filter((a) => a.type === 'region').length, 'containers listed');
  await page.locator('#t-err').check();
  eq(await page.locator('#tree-body tr').count(), Math.min(500, nodes.filter((a) => a.status !== 'ok').length), 'tree: errors-only filter');
  await page.locator('#t-err').uncheck();

  await page.evaluate(() => window.scrollTo(0, 0));
  // the whole page when it is of a usual size; the top of it with thousands of findings
  await page.screenshot({ path: shot, fullPage: rep.findings.length < 200 });
  eq(problems, [], 'no console errors or warnings');
  eq(requests, [], 'no network requests');
  eq(dialogs, [], 'no script from the scan ran');
  console.log('DONE');
} catch (e) {
  console.log('FAIL:exception ' + String(e.stack || e).slice(0, 800));
} finally {
  await browser.close();
}
