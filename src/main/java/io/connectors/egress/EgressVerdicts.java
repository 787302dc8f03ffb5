package io.connectors.egress;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the proxy decided about a session's connection, by session id. The client sends its id as
 * {@value #SESSION_HEADER} (the JDK copies {@code Proxy-*} headers onto a CONNECT and never into the tunnel; the proxy
 * strips it from forwarded http requests), so a failure is told by type, not by the text the JDK makes of a refused
 * CONNECT. Bounded in count and age; the client opens its entry and removes it when its session ends. An id is
 * random (128 bits): another local process could only write a verdict for an id it guessed, and still reaches only
 * what the guard allows.
 */
public final class EgressVerdicts {

    /** Request header carrying the session id to the proxy; never forwarded to a server. */
    public static final String SESSION_HEADER = "Proxy-Connectors-Session";

    /** What went wrong on the proxy's side of a connection. */
    public enum Kind {
        /** The guard refused the target ({@link Verdict#reason()} says why). */
        REFUSED,
        /** No checked address answered. */
        UNREACHABLE,
        /** The TCP connect to a checked address did not finish in time. */
        CONNECT_TIMEOUT,
        /** The request's headers are larger than {@link EgressProxy#MAX_REQUEST_HEAD_BYTES}. */
        HEADERS_TOO_LARGE,
        /** The request line is longer than {@link EgressProxy#MAX_REQUEST_LINE_BYTES}. */
        URL_TOO_LONG,
        /** The exchange or tunnel carried more than {@code connectors.egress.max-connection-bytes}: cut off. */
        CONNECTION_BUDGET_SPENT
    }

    /** One verdict; {@code reason} only for {@link Kind#REFUSED}. */
    public record Verdict(Kind kind, EgressRefusedException.Reason reason) {

        public static Verdict of(Kind kind) {
            return new Verdict(kind, null);
        }
    }

    static final int MAX_ENTRIES = 10_000;
    static final long MAX_AGE_NANOS = 10L * 60 * 1_000_000_000L;

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A session that is open; {@code verdict} is null until the proxy records one. */
    private record Entry(Verdict verdict, long openedAt) {
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private static String newSessionId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Opens a session with a fresh id; verdicts are recorded only for open sessions. */
    synchronized String open() {
        long now = System.nanoTime();
        evict(now);
        if (entries.size() >= MAX_ENTRIES) {
            // Full of open sessions: the oldest goes (its failures read as untyped, never as another session's).
            Iterator<String> oldest = entries.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        String id = newSessionId();
        entries.put(id, new Entry(null, now));
        return id;
    }

    /**
     * Records the first verdict of an open session; later ones (a cut-off after a refusal, the closing request of a
     * refused session) don't replace it, and an id that is not open (ended, unknown, forged) records nothing.
     */
    public synchronized void record(String sessionId, Verdict verdict) {
        if (sessionId == null) {
            return;
        }
        Entry entry = entries.get(sessionId);
        if (entry != null && entry.verdict() == null) {
            entries.put(sessionId, new Entry(verdict, entry.openedAt()));
        }
    }

    /** The verdict recorded for {@code sessionId}, if any. */
    public synchronized Optional<Verdict> of(String sessionId) {
        evict(System.nanoTime());
        Entry entry = entries.get(sessionId);
        return entry == null ? Optional.empty() : Optional.ofNullable(entry.verdict());
    }

    /** Forgets a session (it ended). */
    public synchronized void end(String sessionId) {
        entries.remove(sessionId);
    }

    /** Sessions open now (tests check sessions leave none behind). */
    public synchronized int size() {
        return entries.size();
    }

    private void evict(long now) {
        Iterator<Entry> oldestFirst = entries.values().iterator();
        while (oldestFirst.hasNext()) {
            if (now - oldestFirst.next().openedAt() <= MAX_AGE_NANOS) {
                return;
            }
            oldestFirst.remove();
        }
    }
}
