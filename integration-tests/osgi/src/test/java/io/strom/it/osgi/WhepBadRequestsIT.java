package io.strom.it.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.strom.api.ice.IceTransportFactory;
import io.strom.api.path.PathManager;
import io.strom.api.path.PublisherHandle;
import io.strom.api.srtp.SrtpCipherSuite;
import java.net.http.HttpResponse;
import java.util.UUID;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

/**
 * Bad WHEP requests get a 4xx with a reason and no session; the server keeps serving good
 * offers after them.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WhepBadRequestsIT {

    private static final String PATH = "webrtc/bad";

    @Inject
    private BundleContext context;

    @Inject
    private PathManager pathManager;

    private WhepClient whep;
    private PublisherHandle publishing;

    @Configuration
    public Option[] config() {
        return new Option[] {StromOptions.runtime(null)};
    }

    @Before
    public void publishH264AndOpus() throws Exception {
        whep = new WhepClient(context);
        Await.until("the WHEP server, ICE and SRTP are registered", () -> whep.serving()
                && context.getServiceReference(IceTransportFactory.class) != null
                && context.getServiceReference(SrtpCipherSuite.class) != null);
        publishing = TestSessions.publishH264AndOpus(pathManager, PATH);
    }

    @After
    public void goodOffersStillServeAndNoSessionWasLeft() throws Exception {
        try {
            assertEquals(200, whep.delete(whep.createSession(PATH)).statusCode());
            assertEquals("sessions left", 0, ProtocolBundleCycle.server(context, "webrtc").sessions().size());
        } finally {
            publishing.close();
        }
    }

    @Test
    public void aBodyThatIsNotSdpIs400() throws Exception {
        expect(400, "not an SDP offer", whep.offer(PATH, "hello, this is not SDP"));
    }

    @Test
    public void anOfferWithOnlyVp8ForAnH264AndOpusStreamIs400() throws Exception {
        expect(400, "no compatible codec", whep.offer(PATH, WhepOffers.vp8Only()));
    }

    @Test
    public void anOfferForAPathWithoutPublisherIs404() throws Exception {
        expect(404, "webrtc/nobody", whep.offer("webrtc/nobody", WhepOffers.browser()));
    }

    @Test
    public void patchAndDeleteOfAnUnknownSessionAre404() throws Exception {
        String unknown = "/" + PATH + "/whep/" + UUID.randomUUID();
        expect(404, "no WHEP session", whep.send("PATCH", unknown, "application/trickle-ice-sdpfrag",
                "a=candidate:1 1 udp 2113937151 127.0.0.1 50000 typ host\r\n"));
        expect(404, "no WHEP session", whep.delete(unknown));
    }

    @Test
    public void aWrongContentTypeIs400() throws Exception {
        expect(400, "Content-Type", whep.send("POST", "/" + PATH + "/whep", "text/plain", WhepOffers.browser()));
    }

    private static void expect(int status, String reason, HttpResponse<String> response) {
        assertEquals(response.body(), status, response.statusCode());
        assertTrue("the reason says '" + reason + "': " + response.body(), response.body().contains(reason));
    }
}
