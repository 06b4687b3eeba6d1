package io.strom.srtp.internal.registry;

import io.strom.srtp.internal.transform.SrtpProfile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Computes the suites to register from the configuration. The n-th listed profile (from 0) is
 * ranked {@code ranking + 10 * (3 - n)}, so among one provider's suites the configured order wins,
 * and a provider whose base ranking is more than 30 higher outranks every suite of the other.
 */
public final class SuitePlanner {

    /** The ranking step between consecutive preferences. */
    static final int PREFERENCE_STEP = 10;
    static final int MAX_BONUS = PREFERENCE_STEP * SrtpProfile.values().length;

    private SuitePlanner() {
    }

    /**
     * @param profiles profile names, most preferred first
     * @param gcmOnly leave out the AES-CM profile even when listed
     * @param ranking the provider's base ranking
     * @throws InvalidSettingException for an empty list, an unknown or repeated name, a list that
     *     {@code gcmOnly} empties, or a ranking too high for the bonus
     */
    public static List<PlannedSuite> plan(String[] profiles, boolean gcmOnly, int ranking)
            throws InvalidSettingException {
        if (profiles == null || profiles.length == 0) {
            throw new InvalidSettingException("profiles", "[]", "lists no profile; give one or more of "
                    + Arrays.toString(SrtpProfile.values()));
        }
        if (ranking > Integer.MAX_VALUE - MAX_BONUS) {
            throw new InvalidSettingException("ranking", Integer.toString(ranking), "leaves no room for the "
                    + "preference bonus; use at most " + (Integer.MAX_VALUE - MAX_BONUS));
        }
        Set<SrtpProfile> seen = EnumSet.noneOf(SrtpProfile.class);
        List<SrtpProfile> chosen = new ArrayList<>();
        for (String name : profiles) {
            SrtpProfile p = SrtpProfile.byName(name == null ? "" : name.trim());
            if (p == null) {
                throw new InvalidSettingException("profiles", name, "is not one of "
                        + Arrays.toString(SrtpProfile.values()));
            }
            if (!seen.add(p)) {
                throw new InvalidSettingException("profiles", name, "is listed twice");
            }
            if (p.aead() || !gcmOnly) {
                chosen.add(p);
            }
        }
        if (chosen.isEmpty()) {
            throw new InvalidSettingException("gcmOnly", "true", "leaves no profile of "
                    + Arrays.toString(profiles) + "; list an AEAD_AES_*_GCM profile");
        }
        List<PlannedSuite> plan = new ArrayList<>();
        for (int i = 0; i < chosen.size(); i++) {
            plan.add(new PlannedSuite(chosen.get(i), ranking + MAX_BONUS - PREFERENCE_STEP * i));
        }
        return plan;
    }
}
