// Shared helpers for the browser tests: Debian's Chromium through
// playwright-core (never a downloaded browser), a page that records console
// errors, page errors, failed requests and unexpected HTTP errors, and a few
// Element Plus helpers.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const SHOTS = join(dirname(fileURLToPath(import.meta.url)), 'screenshots');
mkdirSync(SHOTS, { recursive: true });

export const DESKTOP = { width: 1366, height: 860 };
export const PHONE = { width: 390, height: 844 };

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
}

// A new browser context + page against `base`.  page.problems() lists what
// went wrong; page.expectStatus(status, method, pathRegex) declares a
// deliberate 4xx (each declared answer may occur any number of times).
export async function openPage(browser, base, { viewport = DESKTOP, lang } = {}) {
  const context = await browser.newContext({
    viewport, baseURL: base, locale: 'zh-CN', timezoneId: 'Asia/Shanghai',
    isMobile: viewport.width < 500, hasTouch: viewport.width < 500,
  });
  if (lang) await context.addInitScript((l) => localStorage.setItem('fk.lang', l), lang);
  const page = await context.newPage();
  page.setDefaultTimeout(15000); // generous: CI machines may be busy
  const problems = [];
  const allowed = [];
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    // the browser logs every 4xx/5xx fetch; those are judged by status below
    if (/^Failed to load resource: the server responded with a status of \d+/.test(m.text())) return;
    problems.push('console error: ' + m.text());
  });
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  page.on('requestfailed', (r) => {
    const f = r.failure();
    // a fetch cancelled by navigating away is not a failure of the app
    if (f && /ERR_ABORTED/.test(f.errorText)) return;
    problems.push(`request failed: ${r.method()} ${r.url()} ${f && f.errorText}`);
  });
  page.on('response', (r) => {
    const s = r.status();
    if (s < 400) return;
    const url = new URL(r.url());
    const m = r.request().method();
    if (s < 500 && allowed.some((a) => a.status === s && a.method === m && a.path.test(url.pathname))) return;
    problems.push(`HTTP ${s}: ${m} ${url.pathname}${url.search}`);
  });
  page.expectStatus = (status, method, path) => allowed.push({ status, method, path });
  page.problems = () => problems.slice();
  page.assertClean = () => assert.deepEqual(problems, [], 'console errors or failed requests');
  // the whole page on a phone (to see the one-column layout), the window on a desktop
  page.shot = (name) => page.screenshot({ path: join(SHOTS, name + '.png'), fullPage: viewport.width < 500 });
  return page;
}

// Log in from the start page, or ({stay: true}) on the login form already shown.
export async function login(page, username, password = 'Demo2020', { stay = false } = {}) {
  if (!stay) await page.goto('/');
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(password);
  await page.locator('.login-submit').click();
  await page.locator('.app-header').waitFor();
}

export async function logout(page) {
  // Opening the user menu can race with a toast sliding over the header on
  // a phone: try twice before calling it a failure.
  for (let attempt = 1; ; attempt++) {
    try {
      // open the menu unless a first attempt left it open (a second click
      // on the name would close it again)
      const item = page.locator('.el-dropdown-menu__item[data-test=logout]:visible');
      if (!(await item.count())) await page.locator('[data-test=user-menu]').click();
      await item.waitFor({ timeout: 5000 });
      // visible, it is clicked as such: a pointer click can be taken by a
      // chart's canvas redrawn under the menu's opening transition
      await item.dispatchEvent('click');
      await page.locator('.login-page').waitFor({ timeout: 5000 });
      return;
    } catch (e) {
      if (attempt >= 2) {
        await page.shot('failed-logout');
        throw e;
      }
    }
  }
}

// Pick an option of an el-select (the dropdown is teleported to <body>).
export async function pick(page, select, optionText) {
  for (let attempt = 0; attempt < 2; attempt++) {
    await select.click();
    const opt = page.locator('.el-select-dropdown__item:visible', { hasText: optionText }).first();
    await opt.click();
    // a single select closes after its transition; on a loaded machine the
    // click can land while the list is still opening and leave it open over
    // the form: toggle it shut through the select itself
    const closed = () => opt.waitFor({ state: 'hidden', timeout: 3000 }).then(() => true, () => false);
    if (!(await closed())) {
      await select.click();
      await closed();
    }
    // such a click may also have chosen nothing: the select shows its
    // choice, and is given one more try if it does not (an option whose
    // label is shorter than its text just takes the second, harmless try)
    if ((await select.innerText()).includes(optionText)) return;
  }
}

// The error message shown under the form item that contains `inner`.
export function fieldError(page, field) {
  return page.locator(`[data-field=${field}] .el-form-item__error`);
}

// An 18-digit 居民身份证 number with a correct GB 11643 check digit.
export function idNumber(region, ymd, seq) {
  const body = region + ymd.replace(/-/g, '') + String(seq).padStart(3, '0');
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(body[i]) * w[i];
  return body + '10X98765432'[s % 11];
}
// The same number with a wrong check digit.
export function badCheck(id) {
  const c = id[17] === '1' ? '2' : '1';
  return id.slice(0, 17) + c;
}

// Wait until an ElMessage with the text is visible.
export function toast(page, text) {
  return page.locator('.el-message', { hasText: text }).first().waitFor();
}

// Poll a read that does not wait for anything (count(), isDisabled(),
// allInnerTexts(), evaluate()…) until `ok` accepts its answer, a tenth of
// a second apart for up to 10 s, and return the last answer.  Right after
// an action such a read can still see the page as it was before (the old
// rows of a table being filtered, a list reloaded after a toast): the
// caller asserts on the answer as before, so a page that never gets there
// still fails with that assertion's message.
export async function settle(read, ok, timeout = 10000) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() >= end) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

// Assert that the locator matches n elements, once it does (count() does not wait).
export async function waitCount(locator, n, what) {
  assert.equal(await settle(() => locator.count(), (c) => c === n), n, what);
}

// The element's box once it is visible.  Playwright's boundingBox() does not
// wait: right after a route change it can answer null for an element that is
// attached but not yet laid out (seen in CI on the checkpoint entry page).
export async function box(locator) {
  await locator.waitFor();
  const b = await locator.boundingBox();
  assert.ok(b, 'the element has a box');
  return b;
}
