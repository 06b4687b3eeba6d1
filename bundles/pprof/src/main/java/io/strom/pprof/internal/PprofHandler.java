package io.strom.pprof.internal;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.strom.metrics.internal.http.HttpAccess;
import io.strom.metrics.internal.http.HttpResponses;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes {@code GET /debug/jfr?seconds=N}, {@code /debug/threads} and {@code /debug/heap}. The
 * request is checked here (path, method, {@code seconds}, permission) and the work handed to a
 * worker; 400 names a bad {@code seconds}, 503 says every worker is busy.
 */
@Sharable
final class PprofHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    static final int MIN_SECONDS = 1;
    static final int MAX_SECONDS = 300;
    static final int DEFAULT_SECONDS = 30;

    private static final Logger LOG = LoggerFactory.getLogger(PprofHandler.class);
    private static final String TEXT = "text/plain; charset=utf-8";

    private final DiagnosticCommands commands;
    private final ExecutorService jobs;
    private final HttpAccess access;

    PprofHandler(DiagnosticCommands commands, ExecutorService jobs, HttpAccess access) {
        this.commands = commands;
        this.jobs = jobs;
        this.access = access;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            HttpResponses.text(ctx, request, HttpResponseStatus.BAD_REQUEST, "malformed request");
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.path();
        if (!path.equals("/debug/jfr") && !path.equals("/debug/threads") && !path.equals("/debug/heap")) {
            HttpResponses.text(ctx, request, HttpResponseStatus.NOT_FOUND,
                    "not found: /debug/jfr?seconds=N, /debug/threads and /debug/heap are served");
            return;
        }
        if (!request.method().equals(HttpMethod.GET)) {
            HttpResponses.text(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed: use GET");
            return;
        }
        int seconds = 0;
        if (path.equals("/debug/jfr")) {
            try {
                seconds = seconds(uri.parameters().get("seconds"));
            } catch (IllegalArgumentException e) {
                HttpResponses.text(ctx, request, HttpResponseStatus.BAD_REQUEST, e.getMessage());
                return;
            }
        }
        if (!access.check(ctx, request).allowed()) {
            HttpResponses.text(ctx, request, HttpResponseStatus.UNAUTHORIZED, "unauthorized");
            return;
        }
        request.retain();
        int recordSeconds = seconds;
        try {
            jobs.execute(() -> {
                try {
                    serve(ctx, request, path, recordSeconds);
                } finally {
                    request.release();
                }
            });
        } catch (RejectedExecutionException e) {
            request.release();
            HttpResponses.text(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "busy: " + PprofServer.MAX_JOBS + " profiling requests are running");
        }
    }

    /** The {@code seconds} parameter: absent means {@value #DEFAULT_SECONDS}. */
    static int seconds(List<String> values) {
        if (values == null || values.isEmpty()) {
            return DEFAULT_SECONDS;
        }
        String message = "seconds: must be a whole number from " + MIN_SECONDS + " to " + MAX_SECONDS;
        int n;
        try {
            n = Integer.parseInt(values.get(0).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(message + ", got '" + values.get(0) + "'");
        }
        if (n < MIN_SECONDS || n > MAX_SECONDS) {
            throw new IllegalArgumentException(message + ", got " + n);
        }
        return n;
    }

    private void serve(ChannelHandlerContext ctx, FullHttpRequest request, String path, int seconds) {
        try {
            switch (path) {
                case "/debug/threads" -> HttpResponses.send(ctx, request, HttpResponseStatus.OK, TEXT,
                        commands.threadPrint().getBytes(StandardCharsets.UTF_8));
                case "/debug/heap" -> HttpResponses.send(ctx, request, HttpResponseStatus.OK, TEXT,
                        commands.classHistogram().getBytes(StandardCharsets.UTF_8));
                default -> new JfrRecording(commands, seconds).recordAndSend(ctx, request);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            HttpResponses.text(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE, "the profiling listener is stopping");
        } catch (Exception e) {
            LOG.warn("{} failed", path, e);
            HttpResponses.text(ctx, request, HttpResponseStatus.INTERNAL_SERVER_ERROR, path + " failed: " + e);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("profiling connection failed", cause);
        ctx.close();
    }
}
