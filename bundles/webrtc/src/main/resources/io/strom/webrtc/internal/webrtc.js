// What the player and the publishing page share: one WebRTC session with this path over WHEP
// or WHIP (POST an offer to ./whep or ./whip, apply the answer), retried after a failure. The
// current peer connection is window.pc, so that tests and users can read its statistics.
'use strict';

// endpoint: 'whep' or 'whip'; prepare(pc): adds the transceivers (async); message: status element.
function stromSession(endpoint, prepare, message) {
  const RETRY_MS = 2000;
  const GATHERING_MS = 3000;
  const url = new URL(endpoint, window.location.href);
  url.search = window.location.search; // ?user=&pass= reach the server as credentials
  let session = null;
  let retryTimer = null;

  const show = (text) => { message.textContent = text; };

  const gathered = (pc) => new Promise((resolve) => {
    if (pc.iceGatheringState === 'complete') { resolve(); return; }
    const timer = setTimeout(resolve, GATHERING_MS);
    pc.addEventListener('icegatheringstatechange', () => {
      if (pc.iceGatheringState === 'complete') { clearTimeout(timer); resolve(); }
    });
  });

  const end = () => {
    if (session !== null) {
      fetch(session, { method: 'DELETE', keepalive: true }).catch(() => {});
      session = null;
    }
    if (window.pc) { window.pc.close(); }
  };

  const retry = (reason) => {
    show(reason + ' - retrying');
    end();
    if (retryTimer === null) {
      retryTimer = setTimeout(() => { retryTimer = null; start(); }, RETRY_MS);
    }
  };

  const start = async () => {
    const pc = new RTCPeerConnection();
    window.pc = pc;
    pc.onconnectionstatechange = () => {
      if (pc === window.pc && (pc.connectionState === 'failed' || pc.connectionState === 'disconnected')) {
        retry('connection ' + pc.connectionState);
      }
    };
    try {
      await prepare(pc);
      await pc.setLocalDescription(await pc.createOffer());
      await gathered(pc);
      const response = await fetch(url, {
        method: 'POST', headers: { 'Content-Type': 'application/sdp' }, body: pc.localDescription.sdp });
      if (response.status !== 201) {
        throw new Error('server said ' + response.status + ': ' + (await response.text()).trim());
      }
      session = new URL(response.headers.get('Location'), url);
      await pc.setRemoteDescription({ type: 'answer', sdp: await response.text() });
      show(endpoint === 'whip' ? 'publishing' : '');
    } catch (error) {
      retry(error.message);
    }
  };

  window.addEventListener('pagehide', end);
  start();
}
