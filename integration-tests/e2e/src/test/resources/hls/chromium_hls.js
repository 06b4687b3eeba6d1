#!/usr/bin/env node
// Opens Strom's HLS player page (/<path>/) in headless Chromium, lets it play for SECONDS and
// prints one JSON object: when the first frame showed, how far the video's currentTime moved,
// the picture size, and the latency samples (wall clock minus hls.js's playingDate, which comes
// from EXT-X-PROGRAM-DATE-TIME: the server's clock when the publisher's frame arrived).
//
// Usage: node chromium_hls.js PAGE_URL SECONDS
// Exit status: 0 when the video played (currentTime advanced, no page exception), 1 when it did
// not (see "errors"), 2 on bad arguments, 3 when the watchdog stopped a run that overran SECONDS + 30 s.
'use strict';

const WATCHDOG_MARGIN_MS = 28000;
const LAUNCH_TIMEOUT_MS = 20000;
const LOAD_TIMEOUT_MS = 10000;
const STEP_TIMEOUT_MS = 5000;
const SAMPLE_EVERY_MS = 500;

const result = { page: null, seconds: null, first_frame_ms: null, start_time: null, end_time: null,
  width: null, height: null, latency_ms: [], hls_latency_s: null, requests: { playlist: 0, part: 0, segment: 0 },
  console_errors: [], errors: [] };

function usage(message) {
  process.stderr.write(message + '\nusage: node chromium_hls.js PAGE_URL SECONDS\n');
  process.exit(2);
}

function print() {
  process.stdout.write(JSON.stringify(result) + '\n');
}

function bounded(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(what + ' not done within ' + ms + ' ms')), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// Runs in the page.
function pageSnapshot() {
  const v = document.getElementById('video');
  const h = window.hls;
  return { now: Date.now(), current_time: v ? v.currentTime : null, width: v ? v.videoWidth : 0,
    height: v ? v.videoHeight : 0, playing_date: h && h.playingDate ? h.playingDate.getTime() : null,
    hls_latency: h ? h.latency : null };
}

async function play(chromium, pageUrl, seconds) {
  const args = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'];
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args,
    timeout: LAUNCH_TIMEOUT_MS });
  try {
    const page = await browser.newPage();
    page.on('pageerror', e => result.errors.push('page exception: ' + e.message));
    page.on('console', m => { if (m.type() === 'error') result.console_errors.push(m.text()); });
    page.on('request', r => {
      const u = r.url();
      if (u.includes('.m3u8')) result.requests.playlist++;
      else if (/\/part[0-9]+\.mp4/.test(u)) result.requests.part++;
      else if (/\/seg[0-9]+\./.test(u)) result.requests.segment++;
      else if (!u.startsWith('blob:') && !u.startsWith('data:') && !u.startsWith(new URL(pageUrl).origin)) result.errors.push('request outside the server: ' + u);
    });
    const started = Date.now();
    const response = await page.goto(pageUrl, { timeout: LOAD_TIMEOUT_MS, waitUntil: 'domcontentloaded' });
    if (!response || !response.ok()) {
      result.errors.push('GET ' + pageUrl + ' returned ' + (response ? response.status() : 'nothing'));
      return;
    }
    let snap = null;
    while (Date.now() - started < seconds * 1000) {
      await new Promise(r => setTimeout(r, SAMPLE_EVERY_MS));
      snap = await bounded(page.evaluate(pageSnapshot), STEP_TIMEOUT_MS, 'reading the page');
      if (result.first_frame_ms === null && snap.width > 0 && snap.current_time > 0) {
        result.first_frame_ms = Date.now() - started;
        result.start_time = snap.current_time;
      }
      if (result.first_frame_ms !== null && snap.playing_date !== null) {
        result.latency_ms.push(snap.now - snap.playing_date);
      }
    }
    if (snap) {
      Object.assign(result, { end_time: snap.current_time, width: snap.width, height: snap.height,
        hls_latency_s: snap.hls_latency });
    }
    if (result.first_frame_ms === null) {
      result.errors.push('the video never showed a frame');
    } else if (!(result.end_time > result.start_time)) {
      result.errors.push('currentTime did not advance: ' + result.start_time + ' -> ' + result.end_time);
    }
  } finally {
    await bounded(browser.close(), STEP_TIMEOUT_MS, 'closing the browser').catch(e => result.errors.push(e.message));
  }
}

async function main(argv) {
  if (argv.length !== 2) {
    usage('expected PAGE_URL SECONDS');
  }
  const seconds = Number(argv[1]);
  if (!(seconds > 0)) {
    usage('SECONDS must be a positive number');
  }
  Object.assign(result, { page: argv[0], seconds });
  const watchdog = setTimeout(() => {
    result.errors.push('watchdog: run exceeded ' + (seconds * 1000 + WATCHDOG_MARGIN_MS) + ' ms');
    print();
    process.exit(3);
  }, seconds * 1000 + WATCHDOG_MARGIN_MS);
  let playwright = null;
  try {
    playwright = require('playwright-core');
  } catch (e) {
    result.errors.push('playwright-core not found (./strom test installs it with npm ci in integration-tests): ' + e.message);
  }
  if (playwright) {
    try {
      await play(playwright.chromium, argv[0], seconds);
    } catch (e) {
      result.errors.push(e.message.replace(/\u001b\[[0-9;]*m/g, ''));
    }
  }
  clearTimeout(watchdog);
  print();
  process.exit(result.errors.length === 0 ? 0 : 1);
}

main(process.argv.slice(2));
