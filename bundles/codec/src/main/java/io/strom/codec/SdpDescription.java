package io.strom.codec;

import io.strom.api.media.MediaDescription;
import java.util.List;

/**
 * A parsed SDP: the stream's tracks and, per track, its {@code a=control} attribute (empty when
 * absent), which RTSP SETUP requests name.
 *
 * @param description the tracks
 * @param controls    the control attribute of each track, in track order
 */
public record SdpDescription(MediaDescription description, List<String> controls) {

    public SdpDescription {
        controls = List.copyOf(controls);
        if (controls.size() != description.tracks().size()) {
            throw new IllegalArgumentException("one control per track");
        }
    }
}
