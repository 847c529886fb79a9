// The iroh-to-iroh anchor: what the reference itself does on this machine, for comparing objsync with.
// Run by benchmarks/iroh-anchor.sh inside a loopback-only network namespace; drives iroh 0.35 nodes through
// ci/iroh-node/driver.js (one process per node) and prints one JSON line per benchmark:
//   iroh-blob-memory / iroh-blob-disk  a MIB-MiB blob from one node to a fresh one (both memory stores, or both
//                                      disk stores), ROUNDS times: blobs.download by ticket until complete
//   iroh-docsync                       two replicas of ENTRIES entries (the second joined from the first);
//                                      each round both add one new entry, then the second syncs with the first
//                                      (doc.startSync until a sync with the first and its content download
//                                      finished; which side started that sync is counted in sync_origins)
// usage: node iroh-anchor.js DIR   (DIR: scratch space; environment: MIB, ROUNDS, ENTRIES, DOC_ROUNDS, PARTS)
'use strict';

const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const readline = require('node:readline');

const dir = process.argv[2];
const MIB = Number(process.env.MIB || 1024);
const ROUNDS = Number(process.env.ROUNDS || 3);
const ENTRIES = Number(process.env.ENTRIES || 100000);
const DOC_ROUNDS = Number(process.env.DOC_ROUNDS || 10);
const PARTS = (process.env.PARTS || 'memory,disk,docs').split(',');
const driver = path.join(__dirname, '..', 'ci', 'iroh-node', 'driver.js');

class Node {
  static async start(store, storeDir) {
    const args = ['--no-deprecation', driver, '--store', store];
    if (storeDir) args.push('--path', storeDir);
    const n = new Node(spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] }));
    n.info = await n.next();
    return n;
  }

  constructor(proc) {
    this.proc = proc;
    this.lines = [];
    this.waiters = [];
    this.id = 0;
    readline.createInterface({ input: proc.stdout }).on('line', (l) => {
      const w = this.waiters.shift();
      if (w) w(JSON.parse(l)); else this.lines.push(JSON.parse(l));
    });
    proc.on('exit', (code) => { for (const w of this.waiters.splice(0)) w({ ok: false, error: 'exited ' + code }); });
  }

  next() {
    return this.lines.length ? Promise.resolve(this.lines.shift()) : new Promise((r) => this.waiters.push(r));
  }

  async call(cmd, args = {}) {
    this.proc.stdin.write(JSON.stringify({ id: ++this.id, cmd, ...args }) + '\n');
    const r = await this.next();
    if (!r.ok) throw new Error(cmd + ': ' + r.error);
    return r;
  }

  peer() {
    return { nodeId: this.info.nodeId, addrs: this.info.addrs };
  }

  async stop() {
    this.proc.stdin.write(JSON.stringify({ id: ++this.id, cmd: 'shutdown' }) + '\n');
    await new Promise((r) => this.proc.on('exit', r));
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (nanos) => Math.round(nanos / 1e4) / 100;
const load = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

async function blob(store, file) {
  const runs = [];
  const loadBefore = load();
  for (let i = 0; i < ROUNDS; i++) {
    const pdir = store === 'disk' ? fs.mkdtempSync(path.join(dir, 'provider-')) : null;
    const gdir = store === 'disk' ? fs.mkdtempSync(path.join(dir, 'getter-')) : null;
    const provider = await Node.start(store, pdir);
    const getter = await Node.start(store, gdir);
    const added = await provider.call('addFile', { path: file });
    const got = await getter.call('download', { ticket: added.ticket });
    // iroh verified every chunk (BAO); check that all of them arrived.
    const { status } = await getter.call('has', { hash: added.hash });
    if (status.type !== 'Complete' || status.size !== MIB * 1048576) {
      throw new Error('download incomplete: ' + JSON.stringify(status));
    }
    runs.push(got.nanos);
    await getter.stop();
    await provider.stop();
    for (const d of [pdir, gdir]) if (d) fs.rmSync(d, { recursive: true, force: true });
  }
  const best = Math.min(...runs);
  return {
    bench: 'iroh-blob-' + store, mib: MIB, rounds: runs.map((n) => Math.round(n / 1e6) / 1e3),
    best_s: Math.round(best / 1e6) / 1e3, best_mib_s: Math.round((MIB * 1e9 / best) * 10) / 10, load_before: loadBefore,
  };
}

async function docs() {
  const a = await Node.start('memory');
  const b = await Node.start('memory');
  const loadBefore = load();
  const { doc } = await a.call('docCreate');
  let t = process.hrtime.bigint();
  await a.call('docFill', { doc, count: ENTRIES, keyPrefix: 'bench/key-', valuePrefix: 'value ' });
  const fillS = Number(process.hrtime.bigint() - t) / 1e9;
  const { ticket } = await a.call('docShare', { doc, mode: 'write' });
  t = process.hrtime.bigint();
  await b.call('docJoin', { ticket, timeoutMs: 1800000 });
  const joinS = Number(process.hrtime.bigint() - t) / 1e9;
  const entries = (await b.call('docEntries', { doc })).entries.length;
  if (entries !== ENTRIES) throw new Error('joined replica holds ' + entries + ' entries, expected ' + ENTRIES);
  const runs = [];
  const origins = {};
  for (let i = 0; i < DOC_ROUNDS; i++) {
    await a.call('docSet', { doc, key: Buffer.from('new/a-' + i).toString('base64'), value: Buffer.from('a' + i).toString('base64') });
    await b.call('docSet', { doc, key: Buffer.from('new/b-' + i).toString('base64'), value: Buffer.from('b' + i).toString('base64') });
    const r = await b.call('docSync', { doc, peer: a.peer(), timeoutMs: 60000 });
    runs.push(r.nanos);
    origins[r.sync.origin] = (origins[r.sync.origin] || 0) + 1;
  }
  // Both sides hold every entry: the replicas' own view, not the sync's word.
  const want = ENTRIES + 2 * DOC_ROUNDS;
  for (const n of [a, b]) {
    const have = (await n.call('docEntries', { doc })).entries.length;
    if (have !== want) throw new Error('a replica holds ' + have + ' entries after the syncs, expected ' + want);
  }
  await b.stop();
  await a.stop();
  return {
    bench: 'iroh-docsync', entries: ENTRIES, rounds: runs.map(ms), median_ms: ms(median(runs)),
    best_ms: ms(Math.min(...runs)), worst_ms: ms(Math.max(...runs)), fill_s: Math.round(fillS * 10) / 10,
    join_s: Math.round(joinS * 10) / 10, sync_origins: origins, load_before: loadBefore,
  };
}

async function main() {
  fs.mkdirSync(dir, { recursive: true });
  let failed = false;
  const part = async (name, f) => {
    try {
      console.log(JSON.stringify(await f()));
    } catch (e) {
      failed = true;
      console.log(JSON.stringify({ bench: 'iroh-' + name, error: String(e.message || e) }));
    }
  };
  if (PARTS.includes('memory') || PARTS.includes('disk')) {
    // Random content, so no layer can shortcut it; written once per run.
    const file = path.join(dir, 'blob-' + MIB + 'mib.bin');
    // AES-CTR keystream under a random key: fast pseudo-random data.
    const cipher = crypto.createCipheriv('aes-128-ctr', crypto.randomBytes(16), Buffer.alloc(16));
    const fd = fs.openSync(file, 'w');
    const zero = Buffer.alloc(1 << 20);
    for (let i = 0; i < MIB; i++) fs.writeSync(fd, cipher.update(zero));
    fs.closeSync(fd);
    for (const store of ['memory', 'disk']) {
      if (PARTS.includes(store)) await part('blob-' + store, () => blob(store, file));
    }
    fs.rmSync(file, { force: true });
  }
  if (PARTS.includes('docs')) await part('docsync', docs);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
