package io.strom.nack.internal;

import io.strom.api.metrics.MetricsSource;
import io.strom.api.metrics.MetricsWriter;
import io.strom.api.nack.RetransmissionBuffer;
import io.strom.api.media.MediaKind;
import io.strom.api.nack.RetransmissionBufferFactory;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Makes a {@link RingRetransmissionBuffer} of {@code size} packets per outgoing track
 * ({@code audioSize} for audio).
 *
 * <p>Two components share the {@code io.strom.nack} PID rather than one registering both SPIs:
 * both SPIs declare {@code create(long)} with different result types, so no class can implement
 * both. Each validates the same {@link NackSettings}, so they agree on {@code size}. The
 * metatype is designated here only, so the Web Console shows one form.
 *
 * <p>{@code @Modified} swaps the settings for tracks created afterwards; running tracks keep the
 * buffers they started with.
 */
@Component(configurationPid = NackConfig.PID, property = Constants.SERVICE_RANKING + ":Integer=0")
@Designate(ocd = NackConfig.class)
public class RetransmissionBufferFactoryImpl implements RetransmissionBufferFactory, MetricsSource {

    private final NackMetrics metrics = new NackMetrics();
    private volatile NackSettings settings;

    @Activate
    public RetransmissionBufferFactoryImpl(NackConfig config) {
        settings = NackSettings.from(config);
    }

    @Modified
    void modified(NackConfig config) {
        settings = NackSettings.fromOrKeep(config, settings);
    }

    @Override
    public RetransmissionBuffer create(long ssrc) {
        return new RingRetransmissionBuffer(settings.size(), metrics);
    }

    /** An audio track's buffer has {@code audioSize} slots, any other {@code size}. */
    @Override
    public RetransmissionBuffer create(long ssrc, MediaKind kind) {
        NackSettings s = settings;
        return new RingRetransmissionBuffer(kind == MediaKind.AUDIO ? s.audioSize() : s.size(), metrics);
    }

    @Override
    public void collect(MetricsWriter out) {
        metrics.write(out);
    }
}
