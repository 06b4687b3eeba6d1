package io.strom.ice.lite.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.strom.api.ice.IceTransport;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;

/** Records a transport's events; datagrams are copied, the listener only borrows them. */
final class RecordingListener implements IceTransport.Listener {

    final CountDownLatch connected = new CountDownLatch(1);
    final CountDownLatch failed = new CountDownLatch(1);
    final List<String> failures = new CopyOnWriteArrayList<>();
    final BlockingQueue<byte[]> datagrams = new LinkedBlockingQueue<>();
    volatile InetSocketAddress remote;

    @Override
    public void onConnected(InetSocketAddress remote) {
        this.remote = remote;
        connected.countDown();
    }

    @Override
    public void onDatagram(ByteBuf datagram) {
        datagrams.add(ByteBufUtil.getBytes(datagram));
    }

    @Override
    public void onFailed(String reason) {
        failures.add(reason);
        failed.countDown();
    }
}
