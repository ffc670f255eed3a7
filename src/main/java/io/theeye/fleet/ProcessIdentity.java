package io.theeye.fleet;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.UUID;

/** Who this process is in the registry: a new id at every start, its role, where it runs, since when. */
record ProcessIdentity(String id, Role role, String host, long pid, String version, Instant startedAt) {

    static ProcessIdentity of(Role role, Instant startedAt) {
        return new ProcessIdentity(
                UUID.randomUUID().toString(),
                role,
                cut(hostName(), 255),
                ProcessHandle.current().pid(),
                cut(jarVersion(), 64),
                startedAt);
    }

    /** The jar's version, or {@code development} when run from classes. */
    static String jarVersion() {
        String version = ProcessIdentity.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    /** {@code HOSTNAME} where set (containers set it to theirs), else the name the system gives. */
    private static String hostName() {
        String variable = System.getenv("HOSTNAME");
        if (variable != null && !variable.isBlank()) {
            return variable.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String cut(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length);
    }
}
