package org.metergate.receiver;

/** The receivers' threads: daemons (a receiver never keeps the JVM up) named {@code wmbus-<receiver>-<role>}. */
final class ReceiverThreads {
    private ReceiverThreads() {
    }

    static Thread start(String receiverId, String role, Runnable body) {
        Thread t = new Thread(body, "wmbus-" + receiverId + "-" + role);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
