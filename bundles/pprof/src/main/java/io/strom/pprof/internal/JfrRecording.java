package io.strom.pprof.internal;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.stream.ChunkedFile;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.JMException;

/**
 * One {@code /debug/jfr} request: records for the asked number of seconds with the JDK's
 * {@code profile} settings, then streams the file to the client and deletes it. The file lives
 * in the temporary directory only while it is recorded and sent; an interrupted recording is
 * stopped and deleted.
 */
final class JfrRecording {

    private static final AtomicLong IDS = new AtomicLong();

    private final DiagnosticCommands commands;
    private final int seconds;

    JfrRecording(DiagnosticCommands commands, int seconds) {
        this.commands = commands;
        this.seconds = seconds;
    }

    void recordAndSend(ChannelHandlerContext ctx, FullHttpRequest request)
            throws JMException, IOException, InterruptedException {
        String name = "strom-pprof-" + IDS.incrementAndGet();
        Path file = Files.createTempFile(name + "-", ".jfr");
        boolean handedOver = false;
        try {
            commands.startRecording(name);
            try {
                Thread.sleep(seconds * 1000L);
            } finally {
                commands.stopRecording(name, file);
            }
            if (Files.size(file) == 0) {
                throw new IOException("the JVM wrote an empty recording");
            }
            send(ctx, request, file);
            handedOver = true;
        } finally {
            if (!handedOver) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest request, Path file) throws IOException {
        RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r");
        HttpResponse response = new DefaultHttpResponse(request.protocolVersion(), HttpResponseStatus.OK);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream")
                .set(HttpHeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"strom.jfr\"");
        HttpUtil.setContentLength(response, raf.length());
        HttpUtil.setKeepAlive(response, false);
        ctx.write(response);
        ChannelFuture done = ctx.writeAndFlush(new HttpChunkedInput(new ChunkedFile(raf, 64 * 1024)));
        done.addListener(f -> {
            raf.close();
            Files.deleteIfExists(file);
        });
        done.addListener(ChannelFutureListener.CLOSE);
    }
}
