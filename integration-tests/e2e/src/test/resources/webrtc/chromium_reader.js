#!/usr/bin/env node
// Opens a player page in headless Chromium, lets it play for SECONDS and prints one JSON object
// with what the page's <video id="video"> and its RTCPeerConnection (window.pc) report.
//
// Usage: node chromium_reader.js PAGE_URL SECONDS [--mdns-off] [--fake-media]
// --fake-media gives getUserMedia Chromium's generated camera and microphone without asking
// (for the WHIP publishing page).
// Exit status: 0 when the page played (connected, no page exception), 1 when it did not (see
// "errors"), 2 on bad arguments, 3 when the watchdog stopped a run that overran SECONDS + 30 s.
'use strict';

const WATCHDOG_MARGIN_MS = 28000; // below the promised SECONDS + 30 s, leaving time to print
const LAUNCH_TIMEOUT_MS = 20000;
const LOAD_TIMEOUT_MS = 10000;
const STEP_TIMEOUT_MS = 5000;
const SAMPLE_EVERY_MS = 500;

const OPTIONS = ['--mdns-off', '--fake-media'];

const result = { page: null, seconds: null, mdns: null, connection_state: null, connect_ms: null,
  first_frame_ms: null, video: null, inbound_video: null, inbound_audio: null, transport: null,
  selected_pair: null, local_candidates: null, console_errors: [], errors: [] };

function usage(message) {
  process.stderr.write(message + '\nusage: node chromium_reader.js PAGE_URL SECONDS [--mdns-off] [--fake-media]\n');
  process.exit(2);
}

function loadPlaywright() {
  try {
    return require('playwright-core');
  } catch (e) {
    // integration-tests/node_modules is an ancestor of both src/test/resources and target/test-classes.
    result.errors.push('playwright-core not found (./strom test installs it with npm ci in integration-tests): ' + e.message);
    return null;
  }
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

// Runs in the page: the <video>'s state and the getStats() entries the tests look at.
async function pageSnapshot() {
  const out = { has_pc: !!window.pc, video: null };
  const v = document.getElementById('video');
  if (v) {
    out.video = { width: v.videoWidth, height: v.videoHeight, current_time: v.currentTime,
      paused: v.paused, ready_state: v.readyState };
  }
  if (!window.pc) {
    return out;
  }
  const pc = window.pc;
  out.connection_state = pc.connectionState;
  out.ice_connection_state = pc.iceConnectionState;
  const sdp = pc.localDescription ? pc.localDescription.sdp : '';
  const candidates = sdp.split(/\r?\n/).filter(l => l.startsWith('a=candidate:'));
  out.local_candidates = { total: candidates.length,
    mdns: candidates.filter(l => / [0-9a-f-]+\.local /i.test(l)).length };
  const byId = new Map();
  (await pc.getStats()).forEach(s => byId.set(s.id, s));
  // getStats() names in snake_case, like the rest of the output
  const snake = k => k.replace(/[A-Z]/g, c => '_' + c.toLowerCase());
  const pick = (s, keys) => Object.fromEntries(keys.filter(k => s[k] !== undefined).map(k => [snake(k), s[k]]));
  const codecOf = s => (s.codecId && byId.get(s.codecId)) ? byId.get(s.codecId).mimeType : null;
  for (const s of byId.values()) {
    if (s.type === 'inbound-rtp' && s.kind === 'video') {
      out.inbound_video = Object.assign(pick(s, ['framesReceived', 'framesDecoded', 'framesDropped', 'nackCount',
        'pliCount', 'firCount', 'packetsReceived', 'packetsLost', 'bytesReceived', 'frameWidth', 'frameHeight',
        'framesPerSecond', 'keyFramesDecoded', 'jitter']), { codec: codecOf(s) });
    } else if (s.type === 'inbound-rtp' && s.kind === 'audio') {
      out.inbound_audio = Object.assign(pick(s, ['packetsReceived', 'packetsLost', 'bytesReceived',
        'totalSamplesReceived', 'concealedSamples', 'jitter']), { codec: codecOf(s) });
    } else if (s.type === 'transport') {
      out.transport = pick(s, ['srtpCipher', 'dtlsCipher', 'tlsVersion', 'dtlsState', 'dtlsRole',
        'iceState', 'iceRole', 'selectedCandidatePairChanges']);
      const pair = byId.get(s.selectedCandidatePairId);
      if (pair) {
        const cand = c => c ? pick(c, ['candidateType', 'address', 'port', 'protocol']) : null;
        out.selected_pair = Object.assign(pick(pair, ['state', 'nominated', 'currentRoundTripTime']),
          { local: cand(byId.get(pair.localCandidateId)), remote: cand(byId.get(pair.remoteCandidateId)) });
      }
    }
  }
  return out;
}

async function play(chromium, pageUrl, seconds, mdnsOff, fakeMedia) {
  const args = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--allow-loopback-in-peer-connection', '--autoplay-policy=no-user-gesture-required'];
  if (mdnsOff) {
    args.push('--disable-features=WebRtcHideLocalIpsWithMdns'); // host candidates carry real addresses
  }
  if (fakeMedia) {
    args.push('--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream');
  }
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args,
    timeout: LAUNCH_TIMEOUT_MS });
  try {
    const page = await browser.newPage();
    page.on('pageerror', e => result.errors.push('page exception: ' + e.message));
    page.on('console', m => { if (m.type() === 'error') result.console_errors.push(m.text()); });
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
      if (result.connect_ms === null && snap.connection_state === 'connected') {
        result.connect_ms = Date.now() - started;
      }
      if (result.first_frame_ms === null && snap.video && snap.video.width > 0) {
        result.first_frame_ms = Date.now() - started;
      }
    }
    if (!snap || !snap.has_pc) {
      result.errors.push('the page did not set window.pc to its RTCPeerConnection');
      return;
    }
    Object.assign(result, { connection_state: snap.connection_state, video: snap.video,
      inbound_video: snap.inbound_video, inbound_audio: snap.inbound_audio, transport: snap.transport,
      selected_pair: snap.selected_pair, local_candidates: snap.local_candidates });
    if (snap.connection_state !== 'connected') {
      result.errors.push('RTCPeerConnection is ' + snap.connection_state + ' at the end of the run');
    }
  } finally {
    await bounded(browser.close(), STEP_TIMEOUT_MS, 'closing the browser')
      .catch(e => result.errors.push(e.message)); // playwright kills it when node exits anyway
  }
}

async function main(argv) {
  const mdnsOff = argv.includes('--mdns-off');
  const fakeMedia = argv.includes('--fake-media');
  const positional = argv.filter(a => !a.startsWith('--'));
  const unknown = argv.filter(a => a.startsWith('--') && !OPTIONS.includes(a));
  if (positional.length !== 2 || unknown.length > 0) {
    usage('expected PAGE_URL SECONDS' + (unknown.length ? ', unknown options ' + unknown.join(' ') : ''));
  }
  const seconds = Number(positional[1]);
  if (!(seconds > 0)) {
    usage('SECONDS must be a positive number');
  }
  Object.assign(result, { page: positional[0], seconds, mdns: !mdnsOff });
  const watchdog = setTimeout(() => {
    result.errors.push('watchdog: run exceeded ' + (seconds * 1000 + WATCHDOG_MARGIN_MS) + ' ms');
    print();
    process.exit(3);
  }, seconds * 1000 + WATCHDOG_MARGIN_MS);
  const playwright = loadPlaywright();
  if (playwright) {
    try {
      await play(playwright.chromium, positional[0], seconds, mdnsOff, fakeMedia);
    } catch (e) {
      result.errors.push(e.message.replace(/\u001b\[[0-9;]*m/g, '')); // playwright colours its call log
    }
  }
  clearTimeout(watchdog);
  print();
  process.exit(result.errors.length === 0 ? 0 : 1);
}

main(process.argv.slice(2));
