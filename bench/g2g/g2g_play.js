#!/usr/bin/env node
// Glass-to-glass player: opens an HLS player page (Strom's /<path>/, or player.html here for
// another server) in headless Chromium, and on every frame the page displays
// (requestVideoFrameCallback) copies the frame's code band into a canvas, reads the capture time
// that g2g_publish.py drew there and takes a sample: Date.now() minus that time. Publisher and
// browser run on the same machine, so they share the clock. A frame whose blocks are not clearly
// dark or light, or whose CRC-8 does not match, counts as a decode failure and gives no sample.
//
// Usage: node g2g_play.js PAGE_URL SECONDS [SETTLE_SECONDS]
// Samples from the first SETTLE_SECONDS after the first frame (default 0) are left out of the
// summary (hls.js may be catching up with the live edge then); all are in "samples_ms".
// Prints one JSON object. Exit status: 0 when frames were decoded and no error occurred, 1
// otherwise (see "errors"), 2 on bad arguments, 3 when the watchdog stopped an overrun.
'use strict';

const WATCHDOG_MARGIN_MS = 28000;
const LAUNCH_TIMEOUT_MS = 20000;
const LOAD_TIMEOUT_MS = 10000;
const STEP_TIMEOUT_MS = 5000;
const POLL_MS = 500;

const result = { page: null, seconds: null, settle_seconds: 0, first_frame_ms: null, width: null, height: null,
  start_time: null, end_time: null, frames: 0, decoded: 0, decode_failures: 0, samples: 0,
  median_ms: null, p90_ms: null, min_ms: null, max_ms: null, samples_ms: [], hls_latency_s: null,
  requests: { playlist: 0, part: 0, segment: 0 }, console_errors: [], errors: [] };

function usage(message) {
  process.stderr.write(message + '\nusage: node g2g_play.js PAGE_URL SECONDS [SETTLE_SECONDS]\n');
  process.exit(2);
}

function bounded(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(what + ' not done within ' + ms + ' ms')), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// Runs in the page: reads each displayed frame. The layout is g2g_publish.py's: two rows of 20
// square blocks of width/20 pixels at the top, 32 bits of ms mod 2^32 then a CRC-8 (0x07).
function installReader() {
  const ROW = 20;
  const state = { frames: 0, failures: 0, samples: [], firstFrameAt: null };
  window.g2g = state;
  function crc8(bytes) {
    let crc = 0;
    for (const b of bytes) {
      crc ^= b;
      for (let i = 0; i < 8; i++) crc = crc & 0x80 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
    }
    return crc;
  }
  function read(video, canvas, ctx) {
    const w = video.videoWidth;
    const block = Math.floor(w / ROW);
    if (block < 4) return null;
    if (canvas.width !== w || canvas.height !== 2 * block) {
      canvas.width = w;
      canvas.height = 2 * block;
    }
    ctx.drawImage(video, 0, 0, w, 2 * block, 0, 0, w, 2 * block);
    const pixels = ctx.getImageData(0, 0, w, 2 * block).data;
    const bits = [];
    const inner = Math.max(1, Math.floor(block / 4));
    for (let i = 0; i < 2 * ROW; i++) {
      const x0 = (i % ROW) * block + inner;
      const y0 = Math.floor(i / ROW) * block + inner;
      let sum = 0;
      let n = 0;
      for (let y = y0; y < y0 + 2 * inner; y += 2) {
        for (let x = x0; x < x0 + 2 * inner; x += 2) {
          const o = (y * w + x) * 4;
          sum += (pixels[o] + pixels[o + 1] + pixels[o + 2]) / 3;
          n++;
        }
      }
      const mean = sum / n;
      if (mean > 70 && mean < 185) return null; // neither clearly dark nor clearly light
      bits.push(mean >= 185 ? 1 : 0);
    }
    const bytes = [];
    for (let i = 0; i < 5; i++) {
      let b = 0;
      for (let j = 0; j < 8; j++) b = (b << 1) | bits[i * 8 + j];
      bytes.push(b);
    }
    if (crc8(bytes.slice(0, 4)) !== bytes[4]) return null;
    return ((bytes[0] * 256 + bytes[1]) * 256 + bytes[2]) * 256 + bytes[3];
  }
  function attach(video) {
    const canvas = document.createElement('canvas');
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    const onFrame = () => {
      const now = Date.now();
      state.frames++;
      if (state.firstFrameAt === null) state.firstFrameAt = now;
      const code = read(video, canvas, ctx);
      if (code === null) {
        state.failures++;
      } else {
        // The capture time is known modulo 2^32 ms (49 days): the latency is the difference
        // taken in that ring, negative when the code is ahead of the clock.
        const span = 4294967296;
        let latency = ((now - code) % span + span) % span;
        if (latency > span / 2) latency -= span;
        state.samples.push([now, latency]);
      }
      video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
  }
  const found = () => {
    const v = document.querySelector('video');
    if (v) attach(v); else setTimeout(found, 50);
  };
  found();
}

// Runs in the page: what the reader has gathered since the last call, and the video's state.
function drain() {
  const s = window.g2g;
  const v = document.querySelector('video');
  const h = window.hls;
  const out = { frames: s.frames, failures: s.failures, first_frame_at: s.firstFrameAt, samples: s.samples,
    current_time: v ? v.currentTime : null, width: v ? v.videoWidth : 0, height: v ? v.videoHeight : 0,
    hls_latency: h && typeof h.latency === 'number' ? h.latency : null };
  s.samples = [];
  return out;
}

function summarise(started, settle, all) {
  const firstAt = result.first_frame_ms === null ? null : started + result.first_frame_ms;
  const kept = all.filter(([at]) => firstAt !== null && at >= firstAt + settle * 1000).map(([, ms]) => ms);
  result.samples_ms = all.map(([, ms]) => ms);
  result.samples = kept.length;
  if (kept.length > 0) {
    kept.sort((a, b) => a - b);
    Object.assign(result, { median_ms: kept[Math.floor(kept.length / 2)], p90_ms: kept[Math.floor(kept.length * 0.9)],
      min_ms: kept[0], max_ms: kept[kept.length - 1] });
  }
}

async function play(chromium, pageUrl, seconds, settle) {
  const args = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required',
    '--disable-background-timer-throttling', '--disable-renderer-backgrounding'];
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args,
    timeout: LAUNCH_TIMEOUT_MS });
  const all = [];
  let started = Date.now();
  try {
    const page = await browser.newPage();
    const origin = new URL(pageUrl).origin;
    page.on('pageerror', e => result.errors.push('page exception: ' + e.message));
    page.on('console', m => { if (m.type() === 'error') result.console_errors.push(m.text()); });
    page.on('request', r => {
      const u = r.url();
      if (u.includes('.m3u8')) result.requests.playlist++;
      else if (/\/part[0-9]+\.mp4/.test(u)) result.requests.part++;
      else if (/\/seg[0-9]+\.|\.ts(\?|$)/.test(u)) result.requests.segment++;
      else if (!u.startsWith('blob:') && !u.startsWith('data:') && !u.startsWith(origin)) result.errors.push('request outside the server: ' + u);
    });
    await page.addInitScript(installReader);
    started = Date.now();
    const response = await page.goto(pageUrl, { timeout: LOAD_TIMEOUT_MS, waitUntil: 'domcontentloaded' });
    if (!response || !response.ok()) {
      result.errors.push('GET ' + pageUrl + ' returned ' + (response ? response.status() : 'nothing'));
      return;
    }
    let snap = null;
    while (Date.now() - started < seconds * 1000) {
      await new Promise(r => setTimeout(r, POLL_MS));
      snap = await bounded(page.evaluate(drain), STEP_TIMEOUT_MS, 'reading the page');
      all.push(...snap.samples);
      if (result.first_frame_ms === null && snap.first_frame_at !== null) {
        result.first_frame_ms = snap.first_frame_at - started;
        result.start_time = snap.current_time;
      }
    }
    if (snap) {
      Object.assign(result, { end_time: snap.current_time, width: snap.width, height: snap.height,
        frames: snap.frames, decode_failures: snap.failures, hls_latency_s: snap.hls_latency });
    }
    result.decoded = all.length;
    if (result.first_frame_ms === null) {
      result.errors.push('the video never showed a frame');
    } else if (all.length === 0) {
      result.errors.push('no frame carried a readable capture time (' + result.decode_failures + ' failures)');
    }
  } finally {
    summarise(started, settle, all);
    await bounded(browser.close(), STEP_TIMEOUT_MS, 'closing the browser').catch(e => result.errors.push(e.message));
  }
}

async function main(argv) {
  if (argv.length < 2 || argv.length > 3) usage('expected PAGE_URL SECONDS [SETTLE_SECONDS]');
  const seconds = Number(argv[1]);
  const settle = argv.length > 2 ? Number(argv[2]) : 0;
  if (!(seconds > 0)) usage('SECONDS must be a positive number');
  if (!(settle >= 0 && settle < seconds)) usage('SETTLE_SECONDS must be at least 0 and less than SECONDS');
  Object.assign(result, { page: argv[0], seconds, settle_seconds: settle });
  const watchdog = setTimeout(() => {
    result.errors.push('watchdog: run exceeded ' + (seconds * 1000 + WATCHDOG_MARGIN_MS) + ' ms');
    process.stdout.write(JSON.stringify(result) + '\n');
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
      await play(playwright.chromium, argv[0], seconds, settle);
    } catch (e) {
      result.errors.push(e.message.replace(/\u001b\[[0-9;]*m/g, ''));
    }
  }
  clearTimeout(watchdog);
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exit(result.errors.length === 0 ? 0 : 1);
}

main(process.argv.slice(2));
