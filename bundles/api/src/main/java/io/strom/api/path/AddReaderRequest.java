package io.strom.api.path;

import java.util.Objects;

/**
 * A request to read.
 *
 * @param path   the path name, as in the URL
 * @param reader the reading session
 */
public record AddReaderRequest(String path, Reader reader) {

    public AddReaderRequest {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(reader, "reader");
    }
}
