package io.strom.rtsp.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramChannel;
import io.strom.api.path.AddReaderRequest;
import io.strom.api.path.PathException;
import io.strom.api.path.PathManager;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Multicast delivery for readers (MediaMTX's {@code multicastIPRange}, {@code multicastRTPPort},
 * {@code multicastRTCPPort}): one {@link MulticastStream} per path, each track on its own group
 * address taken from the range, all sent from one socket.
 */
final class RtspMulticast {

    static final int TTL = 16;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RtspMulticast.class);

    private final PathManager pathManager;
    private final Channel socket;
    private final BigInteger first;
    private final int size;
    private final int rtpPort;
    private final int rtcpPort;
    private final Map<String, MulticastStream> streams = new HashMap<>();
    private final Set<InetAddress> used = new HashSet<>();

    RtspMulticast(PathManager pathManager, EventLoop loop, Class<? extends DatagramChannel> type, String ipRange,
                  int rtpPort, int rtcpPort) throws InterruptedException {
        this.pathManager = pathManager;
        String[] parts = ipRange.trim().split("/");
        try {
            InetAddress base = InetAddress.getByName(parts[0]);
            int prefix = parts.length > 1 ? Integer.parseInt(parts[1]) : 32;
            if (!base.isMulticastAddress() || base.getAddress().length != 4 || prefix < 8 || prefix > 32) {
                throw new IllegalArgumentException("multicastIPRange: '" + ipRange + "' is not an IPv4 multicast network like 224.1.0.0/16");
            }
            this.first = new BigInteger(1, base.getAddress());
            this.size = 1 << (32 - prefix);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("multicastIPRange: '" + ipRange + "' is not a network like 224.1.0.0/16");
        }
        this.rtpPort = rtpPort;
        this.rtcpPort = rtcpPort;
        this.socket = new Bootstrap().group(loop).channel(type)
                .option(ChannelOption.IP_MULTICAST_TTL, TTL)
                .option(ChannelOption.SO_SNDBUF, 4 * 1024 * 1024)
                .handler(new ChannelInboundHandlerAdapter())
                .bind(new InetSocketAddress(0)).sync().channel();
    }

    /**
     * The multicast stream of {@code path} with {@code session} as a member, attaching it to the
     * path when it is the first.
     */
    synchronized MulticastStream join(String path, RtspSession session) throws PathException, RtspConn.Status {
        MulticastStream stream = streams.get(path);
        if (stream == null) {
            var description = pathManager.describe(path);
            InetAddress[] groups = new InetAddress[description.tracks().size()];
            for (int t = 0; t < groups.length; t++) {
                groups[t] = allocate();
            }
            stream = new MulticastStream(this, path, description, socket, groups, rtpPort, rtcpPort);
            try {
                stream.attach(pathManager.addReader(new AddReaderRequest(path, stream)));
            } catch (PathException e) {
                release(groups);
                throw e;
            }
            streams.put(path, stream);
            LOG.info("RTSP multicast: path '{}' to {} ports {}/{}", path,
                    java.util.Arrays.stream(groups).map(InetAddress::getHostAddress).toList(), rtpPort, rtcpPort);
        }
        stream.addMember(session);
        MulticastStream joined = stream;
        session.onEnd(() -> leave(joined, session));
        return stream;
    }

    private synchronized void leave(MulticastStream stream, RtspSession session) {
        if (stream.removeMember(session) && streams.get(stream.path) == stream) {
            streams.remove(stream.path);
            release(stream.groups());
            stream.detach();
        }
    }

    /** The core closed {@code stream}: its addresses go back to the range. */
    synchronized void forget(MulticastStream stream) {
        if (streams.remove(stream.path, stream)) {
            release(stream.groups());
        }
    }

    private InetAddress allocate() throws RtspConn.Status {
        for (int i = 1; i < size - 1; i++) {
            try {
                byte[] raw = first.add(BigInteger.valueOf(i)).toByteArray();
                byte[] four = new byte[4];
                System.arraycopy(raw, Math.max(0, raw.length - 4), four, Math.max(0, 4 - raw.length), Math.min(4, raw.length));
                InetAddress candidate = InetAddress.getByAddress(four);
                if (used.add(candidate)) {
                    return candidate;
                }
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new RtspConn.Status(503, "multicastIPRange has no free address");
    }

    private void release(InetAddress[] groups) {
        for (InetAddress g : groups) {
            used.remove(g);
        }
    }

    void close() throws InterruptedException {
        socket.close().await(5, TimeUnit.SECONDS);
    }
}
