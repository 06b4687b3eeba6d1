#!/usr/bin/python3
"""GStreamer's RTSP server as the comparison peer: one shared media at /live, fed by RTP/UDP
(H264 on port RTPV, Opus on RTPA, both on 127.0.0.1) and re-payloaded for every reader.
Usage: gst_rtsp_server.py PORT RTPV RTPA  (run with Debian's /usr/bin/python3)."""
import sys
import gi
gi.require_version('Gst', '1.0')
gi.require_version('GstRtspServer', '1.0')
from gi.repository import Gst, GstRtspServer, GLib

port, rtpv, rtpa = sys.argv[1], sys.argv[2], sys.argv[3]
Gst.init(None)
server = GstRtspServer.RTSPServer()
server.set_address('127.0.0.1')
server.set_service(port)
factory = GstRtspServer.RTSPMediaFactory()
factory.set_shared(True)
factory.set_suspend_mode(GstRtspServer.RTSPSuspendMode.NONE)
factory.set_launch(
    f'( udpsrc address=127.0.0.1 port={rtpv} caps="application/x-rtp,media=video,encoding-name=H264,payload=96,clock-rate=90000" '
    '! rtph264depay ! rtph264pay name=pay0 pt=96 config-interval=-1 aggregate-mode=zero-latency '
    f'udpsrc address=127.0.0.1 port={rtpa} caps="application/x-rtp,media=audio,encoding-name=OPUS,payload=111,clock-rate=48000" '
    '! rtpopusdepay ! rtpopuspay name=pay1 pt=111 )')
server.get_mount_points().add_factory('/live', factory)
server.attach(None)
GLib.MainLoop().run()
