package io.strom.hls.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The player page and the hls.js it loads, both class-path resources of this bundle read once. */
final class PlayerPage {

    /** The script's file name, served next to the page. */
    static final String SCRIPT = "hls.min.js";

    private static final ByteBuf PAGE = load("player.html");
    private static final ByteBuf HLS_JS = load(SCRIPT);

    private PlayerPage() {
    }

    private static ByteBuf load(String name) {
        try (InputStream in = PlayerPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the bundle");
            }
            return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(in.readAllBytes()).asReadOnly());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ByteBuf page() {
        return PAGE.duplicate();
    }

    static ByteBuf script() {
        return HLS_JS.duplicate();
    }
}
