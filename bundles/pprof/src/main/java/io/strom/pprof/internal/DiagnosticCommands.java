package io.strom.pprof.internal;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The JVM's diagnostic commands (what {@code jcmd} runs), through the DiagnosticCommand MBean of
 * the platform MBean server: thread dumps, class histograms, JFR recordings. Only
 * {@code javax.management} is needed, no JDK-internal package.
 */
final class DiagnosticCommands {

    private static final String MBEAN = "com.sun.management:type=DiagnosticCommand";

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final ObjectName name;

    DiagnosticCommands() throws JMException {
        name = new ObjectName(MBEAN);
        if (!server.isRegistered(name)) {
            throw new JMException(MBEAN + " is not registered: this JVM has no diagnostic commands");
        }
    }

    /** Every thread's stack and locks, as {@code jcmd Thread.print -l}. */
    String threadPrint() throws JMException {
        return run("threadPrint", "-l");
    }

    /** Live objects per class after a full GC, as {@code jcmd GC.class_histogram}. */
    String classHistogram() throws JMException {
        return run("gcClassHistogram");
    }

    /** Starts recording {@code recording} with the JDK's {@code profile} settings. */
    void startRecording(String recording) throws JMException {
        run("jfrStart", "name=" + recording, "settings=profile");
    }

    /** Stops {@code recording}, writing it to {@code file}. */
    void stopRecording(String recording, Path file) throws JMException {
        run("jfrStop", "name=" + recording, "filename=" + file.toAbsolutePath());
    }

    private String run(String command, String... args) throws JMException {
        Object out = server.invoke(name, command, new Object[] {args}, new String[] {String[].class.getName()});
        return out == null ? "" : out.toString();
    }
}
