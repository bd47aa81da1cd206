// postern browser test: the scenario, run by run.sh.
//
// Debian's Chromium, headless, driven by playwright-core, signs in
// through postern the way a person does, one named check per step, each
// followed by a screenshot (BROWSER_SHOTS/NN-name.png).  The servers, the
// store and these variables come from run.sh:
//   BROWSER_PORT      nginx's port (every host: *.example.test:PORT)
//   BROWSER_SHOTS     where the screenshots go
//   BROWSER_CHROMIUM  the browser (/usr/bin/chromium)
//   BROWSER_PROFILE   a fresh --user-data-dir
//   BROWSER_RESULTS   where "PASSED FAILED LAST-N" is written at the end
//   BROWSER_START     how many checks run.sh already printed
//   BROWSER_ADMIN, BROWSER_DB   authz-admin and the store
//   ALICE_PW, ALICE_SECRET      alice's password and TOTP secret
//   TIMED_PW, TIMED_SECRETS     timer1..3's password and TOTP secrets
// Output: "ok N - ..." / "not ok N - ..." lines, "# " lines for details.
'use strict';

const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const { chromium } = require('playwright-core');

const env = process.env;
const PORT = env.BROWSER_PORT;
const AUTH = `http://auth.example.test:${PORT}`;
const WIKI = `http://wiki.example.test:${PORT}`;
const NOTES = `http://notes.example.test:${PORT}`;
const BILLING = `http://billing.example.test:${PORT}`;
const SHOTS = env.BROWSER_SHOTS;
const TIMEOUT = 5000;
// login-cgi's one message for every failed password step.
const LOGIN_FAILED = 'The username or password is not right, or the ' +
  'account cannot sign in now.';

let n = Number(env.BROWSER_START || 0);
let passed = 0;
let failed = 0;
let shots = 0;
let page;
const consoleErrors = [];

function check(cond, what) {
  if (!cond)
    throw new Error(what);
}

function same(got, want, what) {
  if (JSON.stringify(got) !== JSON.stringify(want))
    throw new Error(`${what}\n expected ${JSON.stringify(want)}\n      got ${JSON.stringify(got)}`);
}

// The current TOTP code, computed at the moment it is typed.
function totp(secret) {
  return execFileSync('oathtool', ['--totp', '-b', secret]).toString().trim();
}

function admin(...args) {
  return execFileSync(env.BROWSER_ADMIN, ['--db', env.BROWSER_DB, ...args])
    .toString();
}

async function text(selector) {
  return (await page.locator(selector).first().innerText({ timeout: TIMEOUT })).trim();
}

async function screenshot(name) {
  shots++;
  const file = path.join(SHOTS, `${String(shots).padStart(2, '0')}-${name}.png`);
  try {
    await page.screenshot({ path: file, fullPage: true });
  } catch (e) {
    console.log(`# screenshot ${file}: ${e.message.split('\n')[0]}`);
  }
}

// One named check; its screenshot is taken whether it passed or not.
async function step(name, shot, fn) {
  n++;
  try {
    await fn();
    passed++;
    console.log(`ok ${n} - ${name}`);
  } catch (e) {
    failed++;
    console.log(`not ok ${n} - ${name}`);
    for (const line of String(e.message).split('\n').slice(0, 12))
      console.log(`# ${line}`);
    console.log(`# the page was ${page.url()}`);
    const shows = await page.locator('h1, .lead, .alert').allInnerTexts()
      .catch(() => []);
    if (shows.length > 0)
      console.log(`# it shows: ${shows.map((t) => t.trim()).join(' / ')}`);
  }
  if (shot)
    await screenshot(shot);
}

// Click and wait for the navigation it starts; the main response.
async function submit(selector) {
  const [resp] = await Promise.all([
    page.waitForNavigation({ timeout: TIMEOUT }),
    page.locator(selector).first().click({ timeout: TIMEOUT }),
  ]);
  return resp;
}

// The URLs a navigation went through, first to last.
function chain(resp) {
  const urls = [];
  for (let r = resp.request(); r; r = r.redirectedFrom())
    urls.unshift(r.url());
  return urls;
}

async function identity() {
  const out = {};
  for (const h of ['remote-user', 'remote-name', 'remote-email', 'remote-groups'])
    out[h] = await text(`#${h}`);
  return out;
}

async function main() {
  fs.mkdirSync(env.BROWSER_PROFILE, { recursive: true });
  const context = await chromium.launchPersistentContext(env.BROWSER_PROFILE, {
    executablePath: env.BROWSER_CHROMIUM,
    headless: true,
    // Playwright adds --user-data-dir (the fresh profile above) and, for
    // headless: true, --headless; the rest are the issue's.
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
      '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync',
      '--no-proxy-server',
      '--host-resolver-rules=MAP *.example.test 127.0.0.1',
      // More, for a diagnosis (README.md): BROWSER_CHROMIUM_ARGS.
      ...(env.BROWSER_CHROMIUM_ARGS || '').split(/\s+/).filter(Boolean)
        .map((a) => a.replace(/@AUTH@/g, AUTH)),
    ],
    viewport: { width: 1200, height: 800 },
    locale: 'en-GB',
    timezoneId: 'UTC',
  });
  context.setDefaultTimeout(TIMEOUT);
  context.setDefaultNavigationTimeout(TIMEOUT);
  page = context.pages()[0] || await context.newPage();
  // What went wrong inside the pages: console errors (a CSP violation is
  // one), script errors, and subresources (the stylesheet) that failed.
  // Pages answered with an error status on purpose (the denied page, 403)
  // are checked by their step; /favicon.ico is nobody's page.
  const favicon = (u) => new URL(u).pathname === '/favicon.ico';
  // Chromium fetches a favicon on its own, and during a redirect it can
  // fetch the next host's under the page it is leaving, whose CSP then
  // blocks it: the browser's doing, not a page's, so that line is skipped
  // (any other CSP violation still counts).
  const faviconCsp = (t) => /Loading the image '[^']*\/favicon\.ico'/.test(t);
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource') &&
        !faviconCsp(m.text()))
      consoleErrors.push(`${page.url()}: ${m.text().trim()}`);
  });
  page.on('pageerror', (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
  page.on('response', (r) => {
    if (r.request().resourceType() !== 'document' && r.status() >= 400 &&
        !favicon(r.url()))
      consoleErrors.push(`${r.url()}: status ${r.status()}`);
  });
  page.on('requestfailed', (r) => {
    if (r.resourceType() !== 'document' && !favicon(r.url()))
      consoleErrors.push(`${r.url()}: ${r.failure().errorText}`);
  });

  const target = `${WIKI}/handbook/start?from=browser`;

  await step('visiting a protected URL redirects (through login.url/start) to the login page',
    'login-page', async () => {
      const resp = await page.goto(target);
      const u = new URL(page.url());
      same(u.origin + u.pathname, `${AUTH}/login`, 'the page');
      same(u.searchParams.get('rd'), target, 'rd');
      same(resp.status(), 200, 'the status');
      const urls = chain(resp).map((x) => x.split('?')[0]);
      same(urls, [`${WIKI}/handbook/start`, `${AUTH}/start`, `${AUTH}/login`],
        'the redirects');
      same(await text('h1'), 'Sign in', 'the heading');
      check(await page.locator('#username').isVisible(), 'no username field');
      check(await page.locator('#password').isVisible(), 'no password field');
      // login.html shows "to continue to APP" when given app_name.
      if (await page.locator('.lead').count() === 0)
        console.log('# note: the login page does not name the application (no app_name)');
    });

  await step('a wrong password shows the generic error, the username kept',
    'wrong-password', async () => {
      await page.fill('#username', 'alice');
      await page.fill('#password', 'not the password');
      const resp = await submit('button[type=submit]');
      same(resp.status(), 200, 'the status');
      same(page.url().split('?')[0], `${AUTH}/login`, 'the page');
      same(await text('.alert'), LOGIN_FAILED, 'the error');
      same(await page.inputValue('#username'), 'alice', 'the username field');
    });

  await step('an unknown user gets exactly the same error', null, async () => {
    await page.fill('#username', 'mallory');
    await page.fill('#password', 'not the password');
    const resp = await submit('button[type=submit]');
    same(resp.status(), 200, 'the status');
    same(await text('.alert'), LOGIN_FAILED, 'the error');
  });

  await step('the right password leads to the TOTP page', 'totp-page', async () => {
    await page.fill('#username', 'alice');
    await page.fill('#password', env.ALICE_PW);
    const t0 = Date.now();
    const resp = await submit('button[type=submit]');
    console.log(`# the password step (scrypt N=1024,r=8,p=1) took ${Date.now() - t0} ms`);
    same(resp.status(), 200, 'the status');
    same(page.url(), `${AUTH}/totp`, 'the page');
    same(await text('h1'), 'Two-step verification', 'the heading');
    check(await page.locator('#code').isVisible(), 'no code field');
  });

  await step('the TOTP code leads to the consent page, naming the application and what it receives',
    'consent-page', async () => {
      await page.fill('#code', totp(env.ALICE_SECRET));
      const resp = await submit('button[type=submit]');
      same(resp.status(), 200, 'the status');
      same(page.url().split('?')[0], `${AUTH}/consent`, 'the page');
      same(await text('h1'), 'Allow Team Wiki to see your details?', 'the heading');
      const claims = (await page.locator('ul.claims li').allInnerTexts())
        .map((s) => s.trim());
      console.log(`# claims: ${claims.join(' | ')}`);
      // Each value the application will get in a Remote-* header.
      const want = { 'Remote-User': 'alice', 'Remote-Name': 'Alice Example',
        'Remote-Email': 'alice@example.test', 'Remote-Groups': 'staff' };
      const missing = Object.entries(want)
        .filter(([, v]) => !claims.some((c) => c.endsWith(`: ${v}`)))
        .map(([h, v]) => `${h} (${v})`);
      same(missing, [], 'what the application receives but the page does not name');
      check(await page.locator('button[value=allow]').isVisible(), 'no Allow button');
    });

  await step('Allow opens the application at the URL first asked for, with the identity headers',
    'app-identity', async () => {
      const resp = await submit('button[value=allow]');
      same(resp.status(), 200, 'the status');
      same(page.url(), target, 'the page');
      same(await text('#app-name'), 'Team Wiki', 'the application');
      same(await identity(), {
        'remote-user': 'alice', 'remote-name': 'Alice Example',
        'remote-email': 'alice@example.test', 'remote-groups': 'staff',
      }, 'the identity headers');
      same(await text('#path'), '/handbook/start?from=browser', 'the path the application got');
      const jar = (await context.cookies(WIKI)).map((c) => c.name);
      check(jar.includes('postern'), `no "postern" cookie for the wiki host: ${jar}`);
    });

  await step('an implicit-flow application opens at once on the same session (no login, no consent)',
    'second-app', async () => {
      const resp = await page.goto(`${NOTES}/`);
      same(resp.status(), 200, 'the status');
      same(page.url(), `${NOTES}/`, 'the page');
      same(chain(resp).length, 1, 'the number of requests (no redirect)');
      same(await text('#app-name'), 'Notes', 'the application');
      same(await text('#remote-user'), 'alice', 'Remote-User');
    });

  await step('the portal lists exactly the allowed applications, the session and the consent',
    'portal', async () => {
      const resp = await page.goto(`${AUTH}/`);
      same(resp.status(), 200, 'the status');
      same(await text('h1'), 'Hello, Alice Example', 'the heading');
      const apps = [];
      for (const a of await page.locator('ul.apps li.app .app-name a').all())
        apps.push([(await a.innerText()).trim(), await a.getAttribute('href')]);
      apps.sort();
      same(apps, [['Notes', `${NOTES}/`], ['Team Wiki', `${WIKI}/`]], 'the applications and their links');
      same((await page.locator('ul.rows li.row .badge').allInnerTexts()).map((s) => s.trim()),
        ['This session'], 'the current session badge');
      const consents = await page.locator('section[aria-labelledby=consents-title] .row-title').allInnerTexts();
      same(consents.map((s) => s.trim()), ['Team Wiki'], 'the consents');
    });

  await step('an application the bindings refuse answers 403 at nginx and is not reached',
    'refused-at-nginx', async () => {
      const resp = await page.goto(`${BILLING}/ledger`);
      same(resp.status(), 403, 'the status');
      same(chain(resp).length, 1, 'the number of requests (no redirect)');
      check(await page.locator('#remote-user').count() === 0, 'the application was reached');
      console.log(`# ${BILLING}/ledger shows: ${(await page.locator('body').innerText()).replace(/\s+/g, ' ').trim()}`);
    });

  const denied = `${AUTH}/start?rd=${encodeURIComponent(`${BILLING}/ledger`)}`;
  await step('login.url/start?rd=<the refused application> shows the denied page, naming it and the user',
    'denied-page', async () => {
      const resp = await page.goto(denied);
      same(resp.status(), 403, 'the status');
      same(page.url().split('?')[0], `${AUTH}/denied`, 'the page');
      same(await text('h1'), 'Access denied', 'the heading');
      same(await text('.lead'), 'You are signed in as alice, but this account is not allowed to open Billing.', 'the lead');
    });

  await step('the 4th trip through /start back to one host within a minute shows the loop page',
    'loop-page', async () => {
      let resp;
      const start = `${AUTH}/start?rd=${encodeURIComponent(`${NOTES}/`)}`;
      for (let i = 1; i <= 3; i++) {
        resp = await page.goto(start);
        same(page.url(), `${NOTES}/`, `where trip ${i} led`);
      }
      resp = await page.goto(start);
      same(resp.status(), 200, 'the status');
      same(page.url().split('?')[0], `${AUTH}/start`, 'the page');
      same(await text('h1'), 'Sign-in keeps coming back', 'the heading');
      check((await text('.lead')).includes('notes.example.test'), 'the lead names the host');
    });

  await step('Sign out in the header asks for confirmation', 'logout-confirm', async () => {
    const resp = await submit('header a:has-text("Sign out")');
    same(resp.status(), 200, 'the status');
    same(page.url().split('?')[0], `${AUTH}/logout`, 'the page');
    same(await text('h1'), 'Sign out?', 'the heading');
  });

  await step('signing out ends the session: back on the login page, cookie and session gone',
    'signed-out', async () => {
      const resp = await submit('main button[type=submit]:not([name])');
      same(resp.status(), 200, 'the status');
      same(page.url(), `${AUTH}/login?signed_out=1`, 'the page');
      same(await text('h1'), 'Sign in', 'the heading');
      same(await text('.notice'), 'You have signed out.', 'the signed-out line');
      const jar = (await context.cookies([AUTH, WIKI])).map((c) => c.name);
      check(!jar.includes('postern'), `the "postern" cookie is still there: ${jar}`);
      const left = JSON.parse(admin('--json', 'session', 'list', '--user', 'alice'));
      same(left.length, 0, 'alice\'s sessions in the store');
    });

  await step('after sign-out the protected URLs redirect to the login page again',
    'login-again', async () => {
      for (const url of [`${NOTES}/`, target]) {
        const resp = await page.goto(url);
        same(resp.status(), 200, 'the status');
        const u = new URL(page.url());
        same(u.origin + u.pathname, `${AUTH}/login`, `where ${url} led`);
        same(u.searchParams.get('rd'), url, 'rd');
        check(await page.locator('#remote-user').count() === 0, 'the application was reached');
      }
    });

  // The closing note: three whole logins with the default scrypt
  // parameters, from the protected URL to the application's page.
  admin('unset', 'password.scrypt');
  const secrets = (env.TIMED_SECRETS || '').split(/\s+/).filter(Boolean);
  const times = [];
  for (let i = 0; i < 3; i++) {
    const user = `timer${i + 1}`;
    await step(`a login with the default scrypt parameters (${user}) reaches the application`,
      i === 2 ? 'timed-login' : null, async () => {
        await context.clearCookies();
        const t0 = process.hrtime.bigint();
        await page.goto(`${NOTES}/`);
        await page.fill('#username', user);
        await page.fill('#password', env.TIMED_PW);
        const t1 = process.hrtime.bigint();
        await submit('button[type=submit]');
        const pw = Number(process.hrtime.bigint() - t1) / 1e6;
        same(page.url(), `${AUTH}/totp`, 'the page after the password');
        await page.fill('#code', totp(secrets[i]));
        await submit('button[type=submit]');
        await page.locator('#remote-user').waitFor();
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        same(page.url(), `${NOTES}/`, 'the page after the code');
        same(await text('#remote-user'), user, 'Remote-User');
        times.push(ms);
        console.log(`# ${user}: ${ms.toFixed(0)} ms from the protected URL to the application ` +
          `(the password step ${pw.toFixed(0)} ms of it)`);
      });
  }
  if (times.length === 3) {
    const sorted = [...times].sort((a, b) => a - b);
    console.log(`# default scrypt (N=32768,r=8,p=3) login, end to end: median ${sorted[1].toFixed(0)} ms ` +
      `(${times.map((t) => t.toFixed(0)).join(', ')} ms)`);
  }

  await step('no page had a console error, a script error or a failed stylesheet', null, async () => {
    same(consoleErrors, [], 'the errors');
  });

  await context.close();
}

main().catch((e) => {
  n++;
  failed++;
  console.log(`not ok ${n} - the browser scenario runs to its end`);
  for (const line of String(e.stack || e).split('\n').slice(0, 15))
    console.log(`# ${line}`);
}).finally(() => {
  fs.writeFileSync(env.BROWSER_RESULTS, `${passed} ${failed} ${n}\n`);
  process.exit(failed > 0 ? 1 : 0);
});
