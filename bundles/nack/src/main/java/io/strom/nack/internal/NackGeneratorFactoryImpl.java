package io.strom.nack.internal;

import io.strom.api.nack.NackGenerator;
import io.strom.api.nack.NackGeneratorFactory;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;

/**
 * Makes a {@link RingNackGenerator} per incoming track, configured by the {@code io.strom.nack}
 * PID that {@link RetransmissionBufferFactoryImpl} designates (it explains why there are two
 * components). {@code @Modified} applies to generators created afterwards.
 */
@Component(configurationPid = NackConfig.PID, property = Constants.SERVICE_RANKING + ":Integer=0")
public class NackGeneratorFactoryImpl implements NackGeneratorFactory {

    private volatile NackSettings settings;

    @Activate
    public NackGeneratorFactoryImpl(NackConfig config) {
        settings = NackSettings.from(config);
    }

    @Modified
    void modified(NackConfig config) {
        settings = NackSettings.fromOrKeep(config, settings);
    }

    @Override
    public NackGenerator create(long ssrc) {
        return new RingNackGenerator(settings);
    }
}
