package io.strom.it.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.strom.api.ice.IceTransportFactory;
import io.strom.api.netif.InterfaceDiscovery;
import io.strom.api.path.PathManager;
import io.strom.api.path.PublisherHandle;
import io.strom.api.srtp.SrtpCipherSuite;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * The WHEP server with the services it takes at each offer: interface discovery (cached, so
 * offers do not walk the interfaces), ICE and SRTP (a 503 naming what is missing while a bundle
 * is stopped), and the SRTP suites that configuration selects. A publisher is put on the path
 * through the PathManager from the probe; real clients are the e2e suite's business.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WebRtcServicesIT {

    private static final String GCM_128 = "SRTP_AEAD_AES_128_GCM";
    private static final String GCM_256 = "SRTP_AEAD_AES_256_GCM";
    private static final String CM_80 = "SRTP_AES128_CM_HMAC_SHA1_80";
    private static final String JCE = "io.strom.srtp";
    private static final String BC = "io.strom.srtp.bc";

    @Inject
    private BundleContext context;

    @Inject
    private PathManager pathManager;

    @Inject
    private ConfigurationAdmin configAdmin;

    @Inject
    private InterfaceDiscovery discovery;

    @Inject
    private ServiceComponentRuntime scr;

    private WhepClient whep;

    /**
     * Unlike the other tests, host addresses come from enumerating an interface (lo, so still
     * loopback only) and ICE binds on each listed address: each offer would cost an enumeration
     * if the discovery did not cache. Sessions get 60 s before ICE gives up, more than the test
     * needs, so that none ends before it is deleted.
     */
    @Configuration
    public Option[] config() {
        return new Option[] {StromOptions.runtime(StromOptions.writeYml(StromOptions.PROTOCOL_LISTENERS
                + "webrtcIPsFromInterfaces: true\nwebrtcIPsFromInterfacesList: [lo]\n"
                + "webrtcLocalUDPAddress: \":" + StromOptions.ICE_UDP_PORT + "\"\nwebrtcHandshakeTimeout: 60s\n"))};
    }

    @Before
    public void awaitWebRtc() {
        whep = new WhepClient(context);
        Await.until("the WHEP server, ICE and SRTP are registered", () -> whep.serving()
                && context.getServiceReference(IceTransportFactory.class) != null
                && context.getServiceReference(SrtpCipherSuite.class) != null);
    }

    @Test
    public void fiftyOffersCostAtMostOneInterfaceEnumeration() throws Exception {
        String path = "webrtc/fifty";
        try (PublisherHandle publishing = TestSessions.publishH264AndOpus(pathManager, path)) {
            long before = discovery.enumerations();
            List<String> sessions = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                sessions.add(whep.createSession(path));
            }
            long enumerations = discovery.enumerations() - before;
            // One background refresh may fall into the test; a walk per offer would show as 50.
            assertTrue("50 offers cost " + enumerations + " interface enumerations", enumerations <= 1);
            for (String session : sessions) {
                assertEquals("DELETE " + session, 200, whep.delete(session).statusCode());
            }
            perOfferEnumerationsShowWithoutTheCache(path);
        }
    }

    /**
     * The control for the test above: with ttl=0 (enumerate on every call) two offers show as
     * at least two enumerations, so the counter does see what ICE asks per offer.
     */
    private void perOfferEnumerationsShowWithoutTheCache(String path) throws Exception {
        org.osgi.service.cm.Configuration netif = configAdmin.getConfiguration("io.strom.netif", "?");
        Dictionary<String, Object> cached = netif.getProperties();
        Dictionary<String, Object> uncached = copy(cached);
        uncached.put("ttl", 0.0d);
        long applied = discovery.enumerations();
        netif.update(uncached);
        try {
            Await.until("ttl=0 applied", () -> discovery.enumerations() > applied);
            long before = discovery.enumerations();
            for (int i = 0; i < 2; i++) {
                assertEquals(200, whep.delete(whep.createSession(path)).statusCode());
            }
            long enumerations = discovery.enumerations() - before;
            assertTrue("without the cache 2 offers cost " + enumerations + " enumerations", enumerations >= 2);
        } finally {
            netif.update(cached);
        }
    }

    @Test
    public void stoppingSrtpFailsNewOffersWith503AndStartingItServesAgain() throws Exception {
        offersFailWhileStopped("webrtc/srtp", SrtpCipherSuite.class, "SRTP", "ICE", JCE, BC);
    }

    @Test
    public void stoppingIceFailsNewOffersWith503AndStartingItServesAgain() throws Exception {
        offersFailWhileStopped("webrtc/ice", IceTransportFactory.class, "ICE", "SRTP", "io.strom.ice");
    }

    /**
     * Stops {@code bsns} (every provider of {@code service}): a new offer gets a 503 whose
     * reason names {@code named} and not {@code notNamed}; started again, offers get 201.
     */
    private void offersFailWhileStopped(String path, Class<?> service, String named, String notNamed, String... bsns)
            throws Exception {
        try (PublisherHandle publishing = TestSessions.publishH264AndOpus(pathManager, path)) {
            assertEquals(200, whep.delete(whep.createSession(path)).statusCode());
            List<Bundle> providers = Bundles.named(context, bsns);
            try {
                for (Bundle b : providers) {
                    b.stop();
                }
                assertNull("no " + service.getSimpleName() + " left", context.getServiceReference(service));
                HttpResponse<String> refused = whep.offer(path, WhepOffers.browser());
                assertEquals(refused.body(), 503, refused.statusCode());
                assertTrue("the reason names " + named + ": " + refused.body(),
                        refused.body().contains(named) && !refused.body().contains(notNamed));
            } finally {
                for (Bundle b : providers) {
                    b.start();
                }
            }
            Await.until(service.getSimpleName() + " is back", () -> context.getServiceReference(service) != null);
            assertEquals(200, whep.delete(whep.createSession(path)).statusCode());
        }
    }

    @Test
    public void gcmOnlyLeavesOnlyGcmSuites() throws Exception {
        org.osgi.service.cm.Configuration jce = configAdmin.getConfiguration(JCE, "?");
        org.osgi.service.cm.Configuration bc = configAdmin.getConfiguration(BC, "?");
        List<Integer> unregisteredOrAdded = new CopyOnWriteArrayList<>();
        ServiceListener listener = event -> {
            if (event.getType() != ServiceEvent.MODIFIED) {
                unregisteredOrAdded.add(event.getType());
            }
        };
        try (PublisherHandle publishing = TestSessions.publishH264AndOpus(pathManager, "webrtc/gcm")) {
            Await.until("both providers' default suites", () -> suites().size() == 6);
            jce.update(srtpProps(true, GCM_128, GCM_256, CM_80));
            bc.update(srtpProps(true, GCM_128, GCM_256, CM_80));
            List<String> gcmOnly = Stream.of(JCE + " " + GCM_128, JCE + " " + GCM_256, BC + " " + GCM_128,
                    BC + " " + GCM_256).sorted().toList();
            Await.until("only GCM suites, from both providers",
                    () -> suites().values().stream().sorted().toList().equals(gcmOnly));
            assertEquals("GCM-only still serves", 200, whep.delete(whep.createSession("webrtc/gcm")).statusCode());

            Map<Long, String> kept = suites();
            context.addServiceListener(listener, "(" + Constants.OBJECTCLASS + "=" + SrtpCipherSuite.class.getName() + ")");
            jce.update(srtpProps(true, "NOPE"));
            // Wait until the component has really been given the bad value, then make a valid
            // change: the bad one is then known to have been applied before it (and refused).
            Await.until("the JCE provider was given profiles=[NOPE]",
                    () -> Arrays.equals(new String[] {"NOPE"}, (String[]) componentProperty(JCE, "profiles")));
            jce.update(srtpProps(true, GCM_256, GCM_128));
            Await.until("the valid reorder took effect", () -> ranking(JCE, GCM_256) > ranking(JCE, GCM_128));
            assertEquals("a bad profile unregistered or registered suites", List.of(), unregisteredOrAdded);
            assertEquals(kept, suites());
        } finally {
            context.removeServiceListener(listener);
            jce.delete();
            bc.delete();
        }
        Await.until("the default suites are back", () -> suites().size() == 6);
    }

    /** The registered suites: service id to "registering bundle, profile". */
    private Map<Long, String> suites() {
        Map<Long, String> out = new TreeMap<>();
        for (Suite suite : registeredSuites()) {
            out.put(suite.serviceId(), suite.bsn() + " " + suite.profile());
        }
        return out;
    }

    private int ranking(String bsn, String profile) {
        return registeredSuites().stream().filter(s -> s.bsn().equals(bsn) && s.profile().equals(profile))
                .mapToInt(Suite::ranking).findFirst()
                .orElseThrow(() -> new AssertionError("no " + profile + " suite of " + bsn));
    }

    /** One suite registration, read at once. */
    private record Suite(long serviceId, String bsn, String profile, int ranking) {
    }

    /** The suites registered now; one unregistered while being read (its bundle is then null) is left out. */
    private List<Suite> registeredSuites() {
        List<Suite> out = new ArrayList<>();
        try {
            for (ServiceReference<SrtpCipherSuite> ref : context.getServiceReferences(SrtpCipherSuite.class, null)) {
                Bundle registrant = ref.getBundle();
                if (registrant != null) {
                    out.add(new Suite((Long) ref.getProperty(Constants.SERVICE_ID), registrant.getSymbolicName(),
                            (String) ref.getProperty(SrtpCipherSuite.PROFILE), (Integer) ref.getProperty(Constants.SERVICE_RANKING)));
                }
            }
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
        return out;
    }

    /** A configuration property of the active component of bundle {@code bsn} (whose PID is its name), or null. */
    private Object componentProperty(String bsn, String key) {
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs(Bundles.named(context, bsn))) {
            if (Arrays.asList(description.configurationPid).contains(bsn)) {
                for (ComponentConfigurationDTO configuration : scr.getComponentConfigurationDTOs(description)) {
                    return configuration.properties.get(key);
                }
            }
        }
        return null;
    }

    private static Dictionary<String, Object> srtpProps(boolean gcmOnly, String... profiles) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("profiles", profiles);
        props.put("gcmOnly", gcmOnly);
        return props;
    }

    private static Dictionary<String, Object> copy(Dictionary<String, Object> from) {
        Dictionary<String, Object> out = new Hashtable<>();
        for (String key : java.util.Collections.list(from.keys())) {
            out.put(key, from.get(key));
        }
        return out;
    }
}
