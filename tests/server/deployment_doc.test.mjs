// docs/collector.md's deployment example — two collectors, one PostgreSQL, nginx in front — run as
// written. The section's shell block runs in bash and its nginx block in an nginx of its own;
// the only changes are this machine's addresses (see `deployment` below): a private cluster for
// the database machine's, free loopback ports for 8081, 8082 and 443, a throwaway certificate for
// leads.example.com's. Then results are posted through the proxy as the widget posts them, each
// twice, and read back through it. Run by ctest with LEADQUAL_BIN; skipped (exit 77), saying why,
// only where PostgreSQL or nginx is not installed (scripts/setup installs both).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const binary = process.env.LEADQUAL_BIN;
const nginx = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((file) => existsSync(file));
const skip = (why) => {
  console.log(`skipped: ${why}`);
  process.exit(77);
};
if (!binary || !existsSync(binary)) skip('LEADQUAL_BIN does not name the leadqual binary (run through ctest)');
if (!nginx) skip("nginx is not installed (scripts/setup installs Debian's nginx-light)");

const work = mkdtempSync(path.join(tmpdir(), 'leadqual-deploy-'));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const children = [];
// Stops only what this test started (the shell's process group: it and its collectors; nginx;
// the cluster) and removes its folder, also when the setup below fails.
let cleaned = false;
function cleanup() {
  if (cleaned) return;
  cleaned = true;
  for (const { child, group } of children.reverse()) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    try {
      process.kill(group ? -child.pid : child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  spawnSync(path.join(root, 'tests/server/pg_cluster'), ['stop', path.join(work, 'pg.state')]);
  rmSync(work, { recursive: true, force: true });
}
process.on('exit', cleanup);
// A failed assertion in the setup below ends the run through node:test's own handler, before
// 'exit': clean up first.
process.prependListener('uncaughtException', cleanup);
after(async () => {
  // The collectors and nginx finish in flight requests and exit before the cluster stops.
  const running = children.filter(({ child }) => child.exitCode === null && child.signalCode === null);
  const exited = running.map(({ child }) => new Promise((resolve) => child.once('exit', resolve)));
  for (const { child, group } of running) process.kill(group ? -child.pid : child.pid, 'SIGTERM');
  await Promise.race([Promise.all(exited), sleep(10000)]);
  cleanup();
});

// ---- The section, and what changes on this machine ----------------------------------------------

const doc = readFileSync(path.join(root, 'docs/collector.md'), 'utf8');
const heading = '### Deployment: two collectors, one PostgreSQL, a reverse proxy';
const at = doc.indexOf(heading);
assert.ok(at >= 0, `docs/collector.md has no "${heading}"`);
const section = doc.slice(at, doc.slice(at + heading.length).search(/\n##+ /) + at + heading.length);
const blocks = [...section.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)].map(([, lang, body]) => ({ lang, body }));
const blockOf = (lang) => {
  const found = blocks.filter((block) => block.lang === lang);
  assert.equal(found.length, 1, `one \`\`\`${lang} block in the deployment section`);
  return found[0].body;
};

// Each change names text the section must hold (so that the page cannot drift from the test).
function deployment(text, changes) {
  for (const [from, to, times = 1] of changes) {
    const count = text.split(from).length - 1;
    assert.equal(count, times, `the deployment section holds '${from}' ${times} time(s) (found ${count})`);
    text = text.replaceAll(from, to);
  }
  return text;
}

// ---- The database machine: a private cluster whose superuser is postgres, as Debian's ----------

const pgState = path.join(work, 'pg.state');
const started = spawnSync(path.join(root, 'tests/server/pg_cluster'), ['start', pgState], {
  env: { ...process.env, LEADQUAL_PG_SUPERUSER: 'postgres' },
  encoding: 'utf8',
});
assert.equal(started.status, 0, `pg_cluster start: ${started.stdout}${started.stderr}`);
const state = Object.fromEntries(
  readFileSync(pgState, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
);
if (state.skip) skip(state.skip);
const admin = new URL(state.url);
const pgEnv = {
  PGHOST: '127.0.0.1',
  PGPORT: state.port,
  PGUSER: 'postgres',
  PGPASSWORD: decodeURIComponent(admin.password),
  PGDATABASE: 'postgres',
};

// `leadqual` on the PATH (and nothing else of the build); `models` beside the shell.
for (const dir of ['bin', 'site']) spawnSync('mkdir', [path.join(work, dir)]);
symlinkSync(binary, path.join(work, 'bin/leadqual'));
symlinkSync(path.join(root, 'models'), path.join(work, 'site/models'));

// ---- The shell block: the role, the database, two collectors ------------------------------------

const shell = deployment(blockOf('sh'), [
  ['sudo -u postgres psql', 'psql'], // PG* (pgEnv) name the private cluster's superuser
  ['@db.internal:5432/', `@127.0.0.1:${state.port}/`],
  ['--host 0.0.0.0', '--host 127.0.0.1', 2],
  ['--port 8081', '--port 0'],
  ['--port 8082', '--port 0'],
]);
const pidsFile = path.join(work, 'collectors.pids');
const bash = spawn('bash', ['-c', `set -euo pipefail\n${shell}\njobs -p > '${pidsFile}'\nwait\n`], {
  cwd: path.join(work, 'site'),
  env: { ...process.env, ...pgEnv, PATH: `${path.join(work, 'bin')}:${process.env.PATH}` },
  detached: true, // its own process group: the collectors are stopped with it
  stdio: ['ignore', 'pipe', 'pipe'],
});
children.push({ child: bash, group: true });
let shellOut = '';
let shellErr = '';
bash.stdout.on('data', (chunk) => (shellOut += chunk));
bash.stderr.on('data', (chunk) => (shellErr = (shellErr + chunk).slice(-20000)));

async function until(what, check, ms = 60000) {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(50)) {
    const value = await check();
    if (value) return value;
  }
  throw new Error(`timed out waiting for ${what}`);
}

const collectors = await until('both collectors to listen', () => {
  if (bash.exitCode !== null) throw new Error(`the shell block exited (${bash.exitCode}):\n${shellOut}\n${shellErr}`);
  const ports = [...shellOut.matchAll(/listening on http:\/\/127\.0\.0\.1:(\d+)\//g)].map((m) => Number(m[1]));
  return ports.length === 2 && existsSync(pidsFile) && ports;
});
const token = shellOut.match(/dashboard\?token=([0-9a-f]{32})/)[1];
const pids = (await until('the collectors pids', () => readFileSync(pidsFile, 'utf8').trim())).split('\n').map(Number);
assert.equal(pids.length, 2, shellOut);

// ---- The nginx block, in an nginx of its own ----------------------------------------------------

const prefix = path.join(work, 'nginx');
spawnSync('mkdir', [prefix]);
const certificate = path.join(prefix, 'leads.pem');
const key = path.join(prefix, 'leads.key');
const openssl = spawnSync(
  'openssl',
  [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
    '-keyout',
    key,
    '-out',
    certificate,
  ],
  { encoding: 'utf8' },
);
assert.equal(openssl.status, 0, openssl.stderr);
const ca = readFileSync(certificate);

// What Debian's /etc/nginx/nginx.conf gives conf.d files, with every path in the prefix; the
// access log also names the collector that answered.
function wrapper(site) {
  return `daemon off;
master_process on;
worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 512; }
http {
  log_format upstream '$request_method $uri $status $upstream_addr';
  access_log ${prefix}/access.log upstream;
  client_body_temp_path ${prefix}/body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  include ${site};
}
`;
}

// nginx cannot listen on port 0: try free-looking ports until one binds. As root it runs as
// nobody (an unprivileged process, as the brief of every test server here).
const asRoot = process.getuid() === 0;
const nobody = asRoot ? Number(spawnSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).stdout) : null;
const nogroup = asRoot ? Number(spawnSync('id', ['-g', 'nobody'], { encoding: 'utf8' }).stdout) : null;
let proxyPort;
for (let attempt = 0; attempt < 20 && !proxyPort; attempt++) {
  const port = 20000 + Math.floor(Math.random() * 40000);
  const site = path.join(prefix, 'leads.conf');
  writeFileSync(
    site,
    deployment(blockOf('nginx'), [
      ['server 10.0.0.11:8081', `server 127.0.0.1:${collectors[0]}`],
      ['server 10.0.0.12:8082', `server 127.0.0.1:${collectors[1]}`],
      ['listen 443 ssl;', `listen 127.0.0.1:${port} ssl;`],
      ['/etc/ssl/certs/leads.example.com.pem', certificate],
      ['/etc/ssl/private/leads.example.com.key', key],
    ]),
  );
  writeFileSync(path.join(prefix, 'nginx.conf'), wrapper(site));
  rmSync(path.join(prefix, 'error.log'), { force: true });
  if (asRoot) {
    chmodSync(work, 0o711); // nobody passes through to the prefix, and reads nothing else
    chownSync(prefix, nobody, nogroup);
    for (const file of readdirSync(prefix)) chownSync(path.join(prefix, file), nobody, nogroup);
  }
  const command = [nginx, '-p', prefix, '-c', path.join(prefix, 'nginx.conf'), '-e', path.join(prefix, 'error.log')];
  const child = asRoot
    ? spawn('setpriv', [`--reuid=${nobody}`, `--regid=${nogroup}`, '--clear-groups', ...command], { stdio: 'pipe' })
    : spawn(command[0], command.slice(1), { stdio: 'pipe' });
  children.push({ child, group: false });
  let said = '';
  child.stdout.on('data', (chunk) => (said += chunk));
  child.stderr.on('data', (chunk) => (said += chunk));
  const listening = await until(
    'nginx to listen',
    () => {
      if (child.exitCode !== null) return 'exited';
      return new Promise((resolve) => {
        const socket = net.connect(port, '127.0.0.1', () => socket.end(() => resolve('up')));
        socket.on('error', () => resolve(false));
      });
    },
    30000,
  );
  const log = existsSync(path.join(prefix, 'error.log')) ? readFileSync(path.join(prefix, 'error.log'), 'utf8') : '';
  if (listening === 'up') {
    proxyPort = port;
  } else if (!/Address already in use/.test(log + said)) {
    throw new Error(`nginx did not start:\n${said}\n${log}`);
  }
}
assert.ok(proxyPort, 'nginx found no free port');

// ---- Through the proxy --------------------------------------------------------------------------

const agent = new https.Agent({ keepAlive: true, maxSockets: 8, ca });
function request(method, target, { body, headers = {}, via = agent } = {}) {
  return new Promise((resolve, reject) => {
    const req = https.request(
      { host: '127.0.0.1', port: proxyPort, method, path: target, headers, agent: via, ca },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
const bearer = { Authorization: `Bearer ${token}` };

// Real results: the acme-bant example model (under --models models) scored by the native CLI.
const leads = [
  { budget: 'approved', role: 'manager', employees: 250, start: 'quarter', email: 'kim@initech.com' },
  { budget: 'none', employees: 40, email: 'me@example.org' },
  { budget: 'planned', role: 'director', employees: 1200, start: 'month', email: 'ada@example.com' },
];
const scored = spawnSync(binary, ['score', 'models/examples/acme-bant.json', '--now', '2026-11-22'], {
  cwd: root,
  input: leads.map((lead) => JSON.stringify(lead)).join('\n') + '\n',
  encoding: 'utf8',
});
assert.equal(scored.status, 0, scored.stderr);
const results = scored.stdout
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line));

function payload(id, n) {
  return JSON.stringify({
    id,
    submittedAt: '2026-11-22T08:41:07.512Z',
    result: results[n % results.length],
    fields: { email: leads[n % leads.length].email },
    consent: { given: true, text: 'You may contact me.' },
    context: { url: 'https://www.example.com/pricing', referrer: '', utm: {}, lang: 'en' },
    antispam: { honeypot: '', elapsedMs: 42000 },
  });
}

// Posts until answered, as the widget does: a 429 (the proxy's rate limit) is retried after a
// pause; any other answer is the answer.
async function post(id, n) {
  for (let attempt = 0; attempt < 600; attempt++) {
    const answer = await request('POST', '/api/v1/results', {
      body: payload(id, n),
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': id },
    });
    if (answer.status !== 429) return answer;
    await sleep(100);
  }
  throw new Error(`${id}: still rate-limited`);
}

// `jobs` run by `parallel` workers.
async function inParallel(jobs, parallel) {
  const answers = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      answers[i] = await jobs[i]();
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return answers;
}

const ids = Array.from({ length: 50 }, (_, i) => `deploy-${String(i).padStart(4, '0')}`);
function psql(sql) {
  const run = spawnSync('psql', ['-At', '-c', sql], {
    env: { ...process.env, ...pgEnv, PGUSER: 'leadqual', PGPASSWORD: 'change-me', PGDATABASE: 'leads' },
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout.trim();
}

test('posts through the proxy reach both collectors and each id is stored once', async () => {
  // Every id twice, the copies in flight at the same time.
  const jobs = ids.flatMap((id, n) => [() => post(id, n), () => post(id, n)]);
  const answers = await inParallel(jobs, 8);
  for (const [n, id] of ids.entries()) {
    const statuses = [answers[2 * n].status, answers[2 * n + 1].status].sort();
    assert.deepEqual(statuses, [200, 201], `${id}: ${answers[2 * n].body} / ${answers[2 * n + 1].body}`);
  }
  assert.equal(psql("SELECT count(*) || ' ' || count(DISTINCT id) FROM results"), '50 50');

  // Both collectors answered posts (round robin), each on its own port.
  const served = new Set(
    [
      ...readFileSync(path.join(prefix, 'access.log'), 'utf8').matchAll(/^POST \/api\/v1\/results 20[01] .*:(\d+)$/gm),
    ].map((m) => Number(m[1])),
  );
  assert.deepEqual([...served].sort(), [...collectors].sort());
});

test('the proxy holds the per-client rate limit with 429, and nothing refused is stored', async () => {
  const burst = new https.Agent({ keepAlive: false, ca });
  const answers = await Promise.all(
    Array.from({ length: 100 }, () =>
      request('POST', '/api/v1/results', {
        body: payload('deploy-0000', 0),
        headers: { 'Content-Type': 'application/json' },
        via: burst,
      }),
    ),
  );
  const statuses = answers.map((a) => a.status);
  assert.ok(statuses.includes(429), `some posts over the burst are limited: ${statuses}`);
  assert.deepEqual([...new Set(statuses)].sort(), [200, 429]);
  assert.equal(psql('SELECT count(*) FROM results'), '50');
  // The burst filled the client's bucket (rate=10r/s, burst=60 in the doc): let it drain before the
  // next tests ask through the same proxy, or they are limited too (seen on a loaded CI machine).
  await new Promise((resolve) => setTimeout(resolve, 7000));
});

test('the export, the stats and the dashboard answer through the proxy, from both collectors', async () => {
  const listed = await request('GET', '/api/v1/results?limit=1000', { headers: bearer });
  assert.equal(listed.status, 200, listed.body);
  assert.deepEqual(
    JSON.parse(listed.body)
      .results.map((r) => r.id)
      .sort(),
    ids,
  );
  const csv = await request('GET', '/api/v1/results?format=csv&limit=1000', { headers: bearer });
  assert.equal(csv.status, 200, csv.body);
  assert.match(csv.headers['content-type'], /^text\/csv/);
  const [header, ...rows] = csv.body.trimEnd().split('\r\n');
  assert.equal(header.split(',')[2], 'id');
  assert.deepEqual(rows.map((row) => row.split(',')[2]).sort(), ids);
  assert.equal(rows.filter((row) => row.includes(',acme-bant,')).length, 50);

  for (let i = 0; i < 4; i++) {
    // Over keep-alive and new connections alike, whichever collector answers.
    const stats = await request('GET', '/api/v1/stats', { headers: bearer });
    assert.equal(stats.status, 200, stats.body);
    const body = JSON.parse(stats.body);
    assert.equal(body.total, 50);
    assert.equal(body.unverified, 0, 'every result was checked against the acme-bant model');
  }
  const dashboard = await request('GET', `/dashboard?token=${token}`);
  assert.equal(dashboard.status, 200);
  assert.match(dashboard.headers['content-type'], /^text\/html/);
  const script = await request('GET', '/dashboard/app.js');
  assert.equal(script.status, 200);
  assert.equal((await request('GET', '/api/v1/stats')).status, 401);

  // A landing page on https://www.example.com may post (the CORS preflight, through the proxy).
  const preflight = await request('OPTIONS', '/api/v1/results', {
    headers: { Origin: 'https://www.example.com', 'Access-Control-Request-Method': 'POST' },
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers['access-control-allow-origin'], 'https://www.example.com');
});

test('a collector stopped for a rolling deploy: the proxy sends every post to the other', async () => {
  process.kill(pids[0], 'SIGTERM');
  await until('the first collector to stop', () => {
    try {
      process.kill(pids[0], 0);
      return false;
    } catch {
      return true;
    }
  });
  const more = Array.from({ length: 10 }, (_, i) => `deploy-late-${i}`);
  const answers = await inParallel(
    more.map((id, n) => () => post(id, n)),
    4,
  );
  assert.deepEqual(
    answers.map((a) => a.status),
    more.map(() => 201),
    answers.map((a) => a.body).join('\n'),
  );
  assert.equal(psql("SELECT count(*) || ' ' || count(DISTINCT id) FROM results"), '60 60');
});
