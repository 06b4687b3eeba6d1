package io.strom.api.path;

import io.strom.api.media.MediaDescription;
import java.util.Objects;

/**
 * A request to publish.
 *
 * @param path        the path name, as in the URL ({@code live/cam1})
 * @param publisher   the publishing session
 * @param description the tracks it will write
 */
public record AddPublisherRequest(String path, Publisher publisher, MediaDescription description) {

    public AddPublisherRequest {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(publisher, "publisher");
        Objects.requireNonNull(description, "description");
    }
}
