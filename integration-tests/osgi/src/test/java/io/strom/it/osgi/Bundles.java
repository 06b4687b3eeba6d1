package io.strom.it.osgi;

import java.util.Arrays;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/** Looks bundles up by symbolic name. */
final class Bundles {

    private Bundles() {
    }

    /** The installed bundle {@code bsn}; AssertionError when there is none. */
    static Bundle named(BundleContext context, String bsn) {
        return Arrays.stream(context.getBundles()).filter(b -> bsn.equals(b.getSymbolicName())).findFirst()
                .orElseThrow(() -> new AssertionError("bundle " + bsn + " is not installed"));
    }

    static List<Bundle> named(BundleContext context, String... bsns) {
        return Arrays.stream(bsns).map(bsn -> named(context, bsn)).toList();
    }
}
