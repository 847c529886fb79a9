#!/usr/bin/env node
// A real iroh 0.35 node (npm @number0/iroh) obeying JSON-lines commands, for objsync's interop tests and the
// iroh-to-iroh anchor benchmark. Run it ONLY inside a network namespace whose one interface is loopback:
// iroh 0.35 always contacts its relays and DNS otherwise. The Java fixture io.objsync.net.iroh.IrohNode and
// benchmarks/iroh-anchor.sh check that before starting it; so does this script (below).
//
//   node driver.js --store memory|disk [--path DIR]
//
// stdout: first {"ready":true,"nodeId":..,"addrs":[..]}, then one answer per command line read from stdin:
// {"id":N,"ok":true,...} or {"id":N,"ok":false,"error":"..."}. Commands run one at a time, in order.
// Bytes travel as base64, keys too (document keys are bytes). Numbers that iroh gives as bigint are JSON
// numbers (exact below 2^53, which covers every size and microsecond timestamp here).
'use strict';

const fs = require('node:fs');
const readline = require('node:readline');
const iroh = require('@number0/iroh');

const args = process.argv.slice(2);
function option(name, fallback) {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
}

function onlyLoopback() {
  // /proc/net/dev lists the interfaces of the reader's network namespace (unlike /sys/class/net, which shows
  // the namespace sysfs was mounted in).
  const names = fs.readFileSync('/proc/net/dev', 'utf8').split('\n').slice(2)
    .map((l) => l.split(':')[0].trim()).filter((n) => n.length > 0);
  return names.length === 1 && names[0] === 'lo';
}

const out = (obj) => process.stdout.write(JSON.stringify(obj, (k, v) => (typeof v === 'bigint' ? Number(v) : v)) + '\n');
const b64 = (bytes) => Buffer.from(bytes).toString('base64');
const unb64 = (s) => Array.from(Buffer.from(s, 'base64'));

// Node addresses as the commands carry them: {nodeId, addrs: ["ip:port", ...], relayUrl?}.
function nodeAddr(a) {
  const addr = { nodeId: a.nodeId, addresses: a.addrs || [] };
  if (a.relayUrl) addr.relayUrl = a.relayUrl;
  return addr;
}
const plainAddr = (a) => ({ nodeId: a.nodeId, addrs: a.addresses || [], relayUrl: a.relayUrl || null });

// Runs an iroh call that reports through a progress callback; resolves with the first event `pick` accepts.
function withProgress(start, pick) {
  return new Promise((resolve, reject) => {
    let done = false;
    start((err, ev) => {
      if (done) return;
      if (err) { done = true; reject(err); return; }
      const v = pick(ev);
      if (v !== undefined) { done = true; resolve(v); }
    }).catch((e) => { if (!done) { done = true; reject(e); } });
  });
}

async function main() {
  if (!onlyLoopback()) {
    throw new Error('refusing to start iroh outside a loopback-only network namespace (unshare -n)');
  }
  const store = option('--store', 'memory');
  const opts = {
    enableDocs: true,
    nodeDiscovery: iroh.NodeDiscoveryConfig.None,
    ipv4Addr: '127.0.0.1:0',
    ipv6Addr: '[::1]:0',
  };
  let node;
  if (store === 'memory') {
    node = await iroh.Iroh.memory(opts);
  } else if (store === 'disk') {
    const path = option('--path', null);
    if (!path) throw new Error('--store disk needs --path DIR');
    node = await iroh.Iroh.persistent(path, opts);
  } else {
    throw new Error('--store must be memory or disk');
  }

  const docs = new Map(); // open Doc handles by id
  const syncs = new Map(); // doc id -> sync events seen
  async function openDoc(id) {
    let d = docs.get(id);
    if (!d) {
      d = await node.docs.open(id);
      if (!d) throw new Error('no document ' + id);
      docs.set(id, d);
    }
    return d;
  }
  async function author(c) {
    return c.author ? iroh.AuthorId.fromString(c.author) : node.authors.default();
  }
  async function blobTicket(hash, format) {
    return (await node.blobs.share(hash, format, iroh.AddrInfoOptions.Addresses)).toString();
  }
  function recordSyncs(docId) {
    if (!syncs.has(docId)) syncs.set(docId, []);
    return (err, ev) => {
      if (!err && ev && ev.syncFinished) {
        const f = ev.syncFinished;
        syncs.get(docId).push({ peer: f.peer, origin: f.origin, result: f.result || null });
      }
      if (!err && ev && ev.pendingContentReady) syncs.get(docId).push({ contentReady: true });
    };
  }
  // Waits for a sync of the document with `peer`, recorded at or after index `from`, and for its content downloads
  // to finish. Either side may have started it: iroh's live sync also dials on gossip (a new neighbour, a sync
  // report), and then our own request may find that sync running; the answer names the origin.
  async function awaitSync(docId, from, peer, timeoutMs) {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const seen = syncs.get(docId) || [];
      const i = seen.findIndex((e, k) => k >= from && e.peer === peer);
      if (i >= 0 && (seen[i].result || seen.slice(i + 1).some((e) => e.contentReady))) return seen[i];
      if (Date.now() > end) throw new Error('timed out waiting for a sync of ' + docId + ' with ' + peer
          + ' (seen ' + JSON.stringify(seen) + ')');
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  const commands = {
    async info() {
      return { nodeId: await node.net.nodeId(), ...plainAddr(await node.net.nodeAddr()) };
    },
    async addPeer(c) {
      await node.net.addNodeAddr(nodeAddr(c));
      return {};
    },
    async addBytes(c) {
      const r = await node.blobs.addBytes(unb64(c.data));
      return { hash: r.hash, size: r.size, ticket: await blobTicket(r.hash, iroh.BlobFormat.Raw) };
    },
    async addFile(c) {
      const done = await withProgress((cb) => node.blobs.addFromPath(c.path, false, iroh.SetTagOption.auto(),
          { wrap: false }, cb), (ev) => ev.allDone);
      return { hash: done.hash, ticket: await blobTicket(done.hash, iroh.BlobFormat.Raw) };
    },
    async collection(c) {
      const coll = new iroh.Collection();
      for (const e of c.entries) coll.push(e.name, e.hash);
      const r = await node.blobs.createCollection(coll, iroh.SetTagOption.auto(), []);
      return { hash: r.hash, ticket: await blobTicket(r.hash, iroh.BlobFormat.HashSeq) };
    },
    async download(c) {
      const t = iroh.BlobTicket.fromString(c.ticket);
      const started = process.hrtime.bigint();
      const done = await withProgress((cb) => node.blobs.download(t.hash, t.asDownloadOptions(), cb),
          (ev) => ev.allDone);
      return { hash: t.hash, bytesRead: done.bytesRead, nanos: Number(process.hrtime.bigint() - started) };
    },
    async has(c) {
      return { status: await node.blobs.status(c.hash) };
    },
    async read(c) {
      return { data: b64(await node.blobs.readToBytes(c.hash)) };
    },
    async export(c) {
      await node.blobs.writeToPath(c.hash, c.path);
      return {};
    },
    async author() {
      return { author: (await node.authors.default()).toString() };
    },
    // The secret of an author (the default one unless named): lets a test re-sign an entry iroh wrote and compare
    // signatures byte for byte (Ed25519 signing is deterministic).
    async authorExport(c) {
      return { secret: (await node.authors.export(await author(c))).toString() };
    },
    async docCreate() {
      const d = await node.docs.create();
      docs.set(d.id(), d);
      await d.subscribe(recordSyncs(d.id()));
      return { doc: d.id(), author: (await node.authors.default()).toString() };
    },
    async docSet(c) {
      const d = await openDoc(c.doc);
      const h = await d.setBytes(await author(c), unb64(c.key), unb64(c.value));
      return { hash: h.toString() };
    },
    // Many entries in one command (keys and values are UTF-8 strings: prefix + i), for large replicas.
    async docFill(c) {
      const d = await openDoc(c.doc);
      const a = await author(c);
      for (let i = 0; i < c.count; i++) {
        await d.setBytes(a, Array.from(Buffer.from(c.keyPrefix + i)), Array.from(Buffer.from(c.valuePrefix + i)));
      }
      return {};
    },
    async docEntries(c) {
      const d = await openDoc(c.doc);
      const entries = await d.getMany(iroh.Query.all(null));
      return {
        entries: entries.map((e) => ({
          author: e.author, key: b64(e.key), hash: e.hash, len: e.len, timestamp: e.timestamp,
        })),
      };
    },
    async docContent(c) {
      const d = await openDoc(c.doc);
      const e = await d.getExact(iroh.AuthorId.fromString(c.author), unb64(c.key), false);
      if (!e) throw new Error('no entry');
      return { hash: e.hash, data: b64(await node.blobs.readToBytes(e.hash)) };
    },
    // Waits until the content of an entry is complete here (iroh downloads it after a sync, in the background);
    // fails after timeoutMs.
    async docAwaitContent(c) {
      const d = await openDoc(c.doc);
      const end = Date.now() + (c.timeoutMs || 30000);
      for (;;) {
        const e = await d.getExact(iroh.AuthorId.fromString(c.author), unb64(c.key), false);
        if (e && (await node.blobs.status(e.hash)).type === 'Complete') {
          return { hash: e.hash, data: b64(await node.blobs.readToBytes(e.hash)) };
        }
        if (Date.now() > end) throw new Error('no complete content for that entry within ' + (c.timeoutMs || 30000) + ' ms'
            + (e ? ' (entry held, content ' + JSON.stringify(await node.blobs.status(e.hash)) + ')' : ' (no entry)'));
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    async docShare(c) {
      const d = await openDoc(c.doc);
      const mode = c.mode === 'write' ? iroh.ShareMode.Write : iroh.ShareMode.Read;
      return { ticket: (await d.share(mode, iroh.AddrInfoOptions.Addresses)).toString() };
    },
    // Joins by ticket and waits until the sync with the ticket's first node (and its content downloads) finished.
    async docJoin(c) {
      const t = iroh.DocTicket.fromString(c.ticket);
      let id = null;
      const pending = [];
      const d = await node.docs.joinAndSubscribe(t, (err, ev) => {
        if (id === null) pending.push([err, ev]); else recordSyncs(id)(err, ev);
      });
      id = d.id();
      docs.set(id, d);
      const record = recordSyncs(id);
      for (const [err, ev] of pending) record(err, ev);
      const synced = await awaitSync(id, 0, t.nodes[0].nodeId, c.timeoutMs || 30000);
      return { doc: id, sync: synced };
    },
    // Syncs an open document with one peer (doc.startSync) and waits until that sync and its content
    // downloads finished.
    async docSync(c) {
      const d = await openDoc(c.doc);
      if (!syncs.has(c.doc)) await d.subscribe(recordSyncs(c.doc));
      const from = syncs.get(c.doc).length;
      const started = process.hrtime.bigint();
      await d.startSync([nodeAddr(c.peer)]);
      const synced = await awaitSync(c.doc, from, c.peer.nodeId, c.timeoutMs || 30000);
      return { sync: synced, nanos: Number(process.hrtime.bigint() - started) };
    },
    async docLeave(c) {
      await (await openDoc(c.doc)).leave();
      return {};
    },
  };

  const info = await commands.info();
  out({ ready: true, ...info });

  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) {
    if (line.trim() === '') continue;
    let c;
    try {
      c = JSON.parse(line);
    } catch (e) {
      out({ id: null, ok: false, error: 'not JSON: ' + e.message });
      continue;
    }
    if (c.cmd === 'shutdown') {
      await node.node.shutdown();
      out({ id: c.id, ok: true });
      break;
    }
    const f = commands[c.cmd];
    try {
      if (!f) throw new Error('unknown command ' + c.cmd);
      out({ id: c.id, ok: true, ...(await f(c)) });
    } catch (e) {
      out({ id: c.id, ok: false, error: String(e && e.message ? e.message : e) });
    }
  }
  process.exit(0);
}

main().catch((e) => {
  process.stderr.write('iroh driver: ' + (e && e.stack ? e.stack : e) + '\n');
  process.exit(1);
});
