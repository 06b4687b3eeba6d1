package io.strom.srtp.internal.registry;

import io.strom.srtp.internal.transform.SrtpProfile;

/** One suite to register, with its {@code service.ranking}. */
public record PlannedSuite(SrtpProfile profile, int ranking) {

    @Override
    public String toString() {
        return profile + " (ranking " + ranking + ")";
    }
}
