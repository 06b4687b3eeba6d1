package io.strom.control.internal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the API answers to one request.
 *
 * @param status the HTTP status
 * @param body   the JSON body
 * @param allow  the {@code Allow} header of a 405, else null
 */
record ApiAnswer(int status, JsonNode body, String allow) {

    static ApiAnswer ok(JsonNode body) {
        return new ApiAnswer(200, body, null);
    }
}
