// SPDX-License-Identifier: Apache-2.0
// ktpel-console's pages in real headless Chromium (Debian's), driven by
// playwright-core over the DevTools protocol: a real ktpeld (simulated
// station) and the real ktpel-console, each in a private directory.
// Usage: node browser_test.mjs <source dir> <ktpeld> <ktpel-console> <ktpelctl> <screenshot dir>
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const [sourceDir, ktpeld, ktpelConsole, ktpelctl, screenshots] = process.argv.slice(2);
mkdirSync(screenshots, { recursive: true });
const work = mkdtempSync(join(tmpdir(), 'ktpel-console-browser-'));
const runtime = join(work, 'run');
const children = [];
let failures = 0;

function start(program, args, name) {
  const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (data) => { log += data; });
  child.stderr.on('data', (data) => { log += data; });
  children.push(child);
  child.log = () => log;
  child.name = name;
  return child;
}

async function until(what, predicate, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await predicate()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function ctl(...args) {
  return execFileSync(ktpelctl, ['--runtime-dir', runtime, '--officer', 'teknisi', '--pin', '999999', ...args], { encoding: 'utf8' });
}

async function test(name, body) {
  const started = Date.now();
  try {
    await body();
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    failures++;
    console.log(`FAIL ${name}: ${error.stack}`);
  }
}

let browser;
try {
  const daemon = start(ktpeld, ['--config', join(sourceDir, 'config/ktpeld.yaml'), '--runtime-dir', runtime,
    '--state-dir', join(work, 'state'), '--time-scale', '60'], 'ktpeld');
  await until('ktpeld', () => existsSync(join(runtime, 'api.sock')) && (() => {
    try { return !ctl('devices').includes('probing'); } catch { return false; }
  })());
  const gateway = start(ktpelConsole, ['--listen', '127.0.0.1:0', '--web-root', join(sourceDir, 'clients/console/web'),
    '--runtime-dir', runtime], 'ktpel-console');
  let url;
  await until('ktpel-console', () => { url = /listening (\S+)/.exec(gateway.log())?.[1]; return Boolean(url); });

  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    // playwright-core gives every launch a fresh, temporary user data dir.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const newPage = async () => {
    const context = await browser.newContext({ viewport: { width: 1100, height: 760 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => { failures++; console.log(`FAIL page error: ${error.message}`); });
    await page.goto(url);
    return page;
  };
  const logIn = async (page, officer, pin) => {
    await page.fill('#officer', officer);
    await page.fill('#pin', pin);
    await page.click('#login-submit');
  };

  await test('a wrong PIN is refused in Indonesian, from the catalogue', async () => {
    const page = await newPage();
    await assert.doesNotReject(page.waitForSelector('#login-form'));
    assert.equal(await page.textContent('#login-form h1'), 'Masuk');
    await logIn(page, 'siti', '000000');
    await page.waitForSelector('#login-error:not([hidden])');
    assert.equal(await page.textContent('#login-error'), 'ID petugas atau PIN salah.');
    await page.screenshot({ path: join(screenshots, 'login-refused.png') });
    // The session cookie is HttpOnly: page scripts cannot read it.
    assert.equal(await page.evaluate(() => document.cookie), '');
    await page.context().close();
  });

  await test('a locked-out officer sees the retry time', async () => {
    const page = await newPage();
    // Three wrong PINs are forgiven; the fourth locks the officer out.
    let text = '';
    for (let attempt = 1; attempt <= 6 && !text.includes('Coba lagi'); attempt++) {
      const answered = page.waitForResponse((response) => response.url().endsWith('/api/session'));
      await logIn(page, 'hendra', '000000');
      await answered;
      await page.waitForSelector('#login-error:not([hidden])');
      text = await page.textContent('#login-error');
    }
    assert.match(text, /^Terlalu banyak PIN salah\. Coba lagi dalam \d+ detik\.$/);
    assert.ok(await page.isDisabled('#login-submit'), 'the form waits out the lockout');
    await page.screenshot({ path: join(screenshots, 'login-locked.png') });
    await page.context().close();
  });

  await test('the technician sees the devices, updated live', async () => {
    const page = await newPage();
    await logIn(page, 'teknisi', '999999');
    await page.click('#open-devices');
    await page.waitForSelector('#device-rows tr[data-device="fingerprint0"]');
    assert.equal(await page.locator('#device-rows tr').count(), 6);
    await page.waitForSelector('#printer-status [data-fact="printer.hopper"]');
    // Asking the printer's status made it busy for a moment, shown live; then ready again.
    await page.waitForSelector('tr[data-device="printer0"] [data-state="ready"]');
    assert.equal(await page.textContent('tr[data-device="printer0"] .state'), 'Siap');
    assert.equal(await page.textContent('#printer-status [data-fact="printer.condition"]'), 'Siap');
    assert.match(await page.textContent('#printer-status [data-fact="printer.hopper"]'), /^\d+$/);
    assert.equal(await page.evaluate(() => document.cookie), '');
    await page.screenshot({ path: join(screenshots, 'devices.png') });
    ctl('inject', 'fingerprint0', 'unplug');
    await page.waitForSelector('tr[data-device="fingerprint0"] [data-state="absent"]');
    assert.equal(await page.textContent('tr[data-device="fingerprint0"] .reason'), 'Dicabut');
    await page.screenshot({ path: join(screenshots, 'devices-unplugged.png') });
    ctl('inject', 'fingerprint0', 'replug');
    await page.waitForSelector('tr[data-device="fingerprint0"] [data-state="ready"]');

    // A diagnostic capture with the live preview: the scanner streams for
    // 4 s (quality 100 is never met); the page measures the preview's rate.
    await page.click('#capture-start');
    await page.waitForSelector('#capture-result.ok', { timeout: 20000 });
    const fps = Number(await page.getAttribute('#preview-rate', 'data-fps'));
    const frames = Number(await page.getAttribute('#preview-rate', 'data-frames'));
    console.log(`     preview: ${frames} frames at ${fps} fps`);
    assert.ok(frames >= 10, `only ${frames} preview frames`);
    assert.ok(fps >= 5, `the preview ran at ${fps} fps`);
    assert.match(await page.textContent('#capture-result'), /^Skor \d+; \d dari 4 jari ditemukan\. Ulangi pengambilan\.$/);
    await page.screenshot({ path: join(screenshots, 'capture-preview.png'), fullPage: true });
    await page.context().close();
  });

  await test('the counter officer opens an application and sees it in the queue', async () => {
    const page = await newPage();
    await logIn(page, 'siti', '111111');
    await page.click('#open-counter');
    await page.waitForSelector('#open-form');
    // A structural slip is hinted while typing...
    await page.fill('#nik', '35080152039');
    assert.equal(await page.textContent('#nik-hint'), 'NIK terdiri dari 16 angka.');
    // ...and the daemon's refusal shows as the catalogue's sentence.
    await page.fill('#nik', '3508013213900001');
    await page.fill('#kk', '3508010101150003');
    await page.click('#open-submit');
    await page.waitForSelector('#open-outcome.error');
    assert.equal(await page.textContent('#open-outcome'),
      'NIK tidak valid: periksa kode wilayah, tanggal lahir dan nomor urut.');
    await page.screenshot({ path: join(screenshots, 'counter-refused.png') });

    await page.fill('#nik', '3508015203900001');
    await page.fill('#kk', '3508010101150003');
    await page.click('#open-submit');
    await page.waitForSelector('#open-outcome.ok');
    const opened = /Permohonan (\S+) dibuka/.exec(await page.textContent('#open-outcome'))?.[1];
    assert.ok(opened, await page.textContent('#open-outcome'));
    const row = page.locator(`#queue-rows tr[data-application="${opened}"]`);
    await row.waitFor();
    assert.match(await row.textContent(), /3508\*+01/);
    assert.match(await row.textContent(), /^.*1\. Pemohon menyerahkan berkas/);
    await page.screenshot({ path: join(screenshots, 'counter.png') });

    // Steps 1 and 2 at the counter: the file comes back incomplete (returned at step 2).
    await row.locator('button').click();
    await page.click('#step-start');
    await page.waitForSelector('#step-complete');
    // Step 1's standard minute is a second at time scale 60: the timer turns red.
    await page.waitForSelector('#step-timer[data-level="over"]', { timeout: 5000 });
    assert.match(await page.textContent('#step-timer'), /^Waktu langkah \d+:\d\d: melewati standar 0:01$/);
    await page.screenshot({ path: join(screenshots, 'step-overrun.png') });
    await page.click('#step-complete');
    await page.waitForFunction(() => document.querySelector('#step-state')?.textContent.startsWith('2. '));
    await page.click('#step-start');
    await page.waitForSelector('#step-outcome');
    await page.selectOption('#step-outcome', 'incomplete');
    await page.click('#step-complete');
    await page.waitForSelector('#step-error:not([hidden])');
    const refusal = await page.textContent('#step-error');
    assert.equal(refusal, 'Keputusan ini memerlukan alasan.');
    await page.fill('#step-reason', 'Fotokopi KK tidak dilampirkan');
    await page.click('#step-complete');
    await page.waitForFunction(() => document.querySelector('#step-state')?.textContent.startsWith('Dihentikan'));
    assert.equal(await page.textContent('#step-state'), 'Dihentikan — Fotokopi KK tidak dilampirkan');
    await page.waitForFunction((id) => document.querySelector(`#queue-rows tr[data-application="${id}"]`)?.textContent.includes('Dihentikan'), opened);
    await page.screenshot({ path: join(screenshots, 'counter-returned.png'), fullPage: true });

    // English on the switch: the same screen, every string from en.json.
    await page.click('#language');
    await page.waitForFunction(() => document.querySelector('#open-form h1')?.textContent === 'Open an application');
    assert.equal(await page.textContent('#open-form h1'), 'Open an application');
    await page.locator(`#queue-rows tr[data-application="${opened}"]`).waitFor();
    await page.screenshot({ path: join(screenshots, 'counter-en.png'), fullPage: true });
    await page.click('#language');
    await page.context().close();
  });

  await test('the section head sees the files waiting and the day\'s report', async () => {
    const page = await newPage();
    // hendra's lockout from the test above is over by now (5 s).
    await until('hendra\'s lockout to pass', async () => {
      await logIn(page, 'hendra', '222222');
      return page.waitForSelector('#open-report', { timeout: 2000 }).then(() => true, () => false);
    }, 20000);
    await page.click('#open-report');
    await page.waitForSelector('#report-counts [data-fact="report.started"]');
    // The counter officer's application above was opened today, and returned.
    assert.ok(Number(await page.textContent('#report-counts [data-fact="report.started"]')) >= 1);
    assert.equal(await page.textContent('#waiting-rows'), 'Tidak ada berkas yang menunggu validasi.');
    assert.equal(await page.locator('#report-chart svg text').count() >= 8, true);

    // Meanwhile, at the counter (another browser context, another officer),
    // a complete file goes through steps 1 and 2...
    const counter = await newPage();
    await logIn(counter, 'siti', '111111');
    await counter.click('#open-counter');
    await counter.fill('#nik', '3508011708850002');
    await counter.fill('#kk', '3508010101150003');
    await counter.click('#open-submit');
    await counter.waitForSelector('#open-outcome.ok');
    const id = /Permohonan (\S+) dibuka/.exec(await counter.textContent('#open-outcome'))[1];
    await counter.locator(`#queue-rows tr[data-application="${id}"] button`).click();
    for (const number of ['1. ', '2. ']) {
      await counter.waitForFunction((prefix) => document.querySelector('#step-state')?.textContent.startsWith(prefix), number);
      await counter.click('#step-start');
      await counter.waitForSelector('#step-complete');
      await counter.click('#step-complete');
    }
    // ...and shows up in the section head's list by itself (sop.* events), for step 3.
    const waitingRow = page.locator(`#waiting-rows tr[data-application="${id}"]`);
    await waitingRow.waitFor();
    await waitingRow.locator('button').click();
    await page.click('#step-start');
    await page.waitForSelector('#step-outcome');
    await page.selectOption('#step-outcome', 'valid');
    await page.click('#step-complete');
    await page.waitForFunction(() => document.querySelector('#step-state')?.textContent.startsWith('4. '));
    await page.waitForFunction(() => document.querySelector('#waiting-rows')?.textContent === 'Tidak ada berkas yang menunggu validasi.');
    await page.screenshot({ path: join(screenshots, 'report.png'), fullPage: true });
    // The counter's queue shows the file at step 4 now.
    await counter.waitForFunction((application) =>
      document.querySelector(`#queue-rows tr[data-application="${application}"]`)?.textContent.includes('4. '), id);
    await counter.context().close();
    await page.context().close();
  });

  await test('logging out ends the session in the page and at the gateway', async () => {
    const page = await newPage();
    await logIn(page, 'budi', '333333');
    await page.waitForSelector('#logout:not([hidden])');
    await page.click('#logout');
    await page.waitForSelector('#login-form');
    assert.equal(await page.textContent('#notice'), 'Anda telah keluar.');
    await page.reload();
    await page.waitForSelector('#login-form');
    await page.context().close();
  });

  if (!daemon.exitCode === null) throw new Error('ktpeld exited');
} catch (error) {
  failures++;
  console.log(`FAIL ${error.stack}`);
  for (const child of children) console.log(`--- ${child.name}\n${child.log()}`);
} finally {
  await browser?.close();
  for (const child of children) child.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
}
console.log(failures === 0 ? 'browser tests passed' : `${failures} browser test(s) failed`);
process.exit(failures === 0 ? 0 : 1);
