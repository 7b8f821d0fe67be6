#!/usr/bin/env node
/* d3-cloud in headless Debian Chromium, one layout per request, for bench_layout_peers.py.
 *
 * The shared peer harness (../shared/bench/peers/) times d3-cloud in a batch of its own; to
 * compare ours with it as a ratio in the same run, interleaved, this keeps one browser page
 * open and answers one layout per line of JSON on stdin with one line of JSON on stdout.
 * The page is the harness's own bench_page.js (same font sizes, seeded random, same timing:
 * layout.start() to the 'end' event), loaded after d3-cloud from the harness's pinned npm
 * install, so nothing of the peer is copied here.
 *
 *   NODE_PATH=$SCRATCH/js/node_modules node layout_d3_peer.cjs HARNESS_DIR
 *
 * Request:  {"words": [[text, count], ...], "width": W, "height": H, "prefer": 1.0,
 *            "seed": 1, "fill": 0.35, "wantPositions": false}
 * Reply:    bench_page.js runD3's result (ms, placed, requested, k, maxFont, minFont,
 *           positions), or {"error": "..."}.
 * The first line written is {"ready": true, "versions": {...}, "browser": "..."}.
 */
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const readline = require('readline');
const { chromium } = require('playwright-core');

async function main() {
  const harness = process.argv[2];
  if (!harness || !fs.existsSync(path.join(harness, 'bench_page.js'))) {
    throw new Error('usage: layout_d3_peer.cjs HARNESS_DIR (the folder holding bench_page.js)');
  }
  const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'layout-d3-chromium-'));
  // The harness's own flags, so the figures compare with its RESULTS.md.
  const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
                 '--disable-component-update', '--disable-sync', '--no-first-run'];
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath, headless: true, args: flags,
    viewport: { width: 1920, height: 1080 },
  });
  const close = async () => {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  };
  try {
    const page = context.pages()[0] || await context.newPage();
    page.on('pageerror', e => console.error('pageerror:', e.message));
    await page.setContent('<!doctype html><html><head><meta charset="utf-8">' +
                          '<style>body{margin:0;background:#fff}</style></head><body></body></html>');
    await page.addScriptTag({ path: require.resolve('d3-cloud') });
    await page.addScriptTag({ path: path.join(harness, 'bench_page.js') });
    const versions = {
      d3cloud: require('d3-cloud/package.json').version,
      'playwright-core': require('playwright-core/package.json').version,
    };
    const browser = context.browser() ? context.browser().version() : null;
    process.stdout.write(JSON.stringify({ ready: true, versions, browser }) + '\n');

    const lines = readline.createInterface({ input: process.stdin, terminal: false });
    for await (const line of lines) {
      if (!line.trim()) continue;
      let reply;
      try {
        const params = JSON.parse(line);
        reply = await page.evaluate(p => window.peerBench.runD3(p), params);
      } catch (e) {
        reply = { error: String(e && e.message || e) };
      }
      process.stdout.write(JSON.stringify(reply) + '\n');
    }
  } finally {
    await close();
  }
}

main().catch(e => { console.error(e && e.stack || e); process.exit(1); });
