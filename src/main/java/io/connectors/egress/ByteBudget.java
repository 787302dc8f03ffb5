package io.connectors.egress;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes a server may still send, counted across every response and connection of what the budget covers: one
 * toolset (all its pages, even when the server closes the connection after each), and, enclosing it, one request
 * (all toolsets of one test or one {@code /tools} call). The per-connection cut in {@link EgressProxy} restarts with
 * each connection; these don't.
 */
public final class ByteBudget {

    private final long limit;
    private final ByteBudget parent;
    private final AtomicLong used = new AtomicLong();
    private volatile ByteBudget spent;

    private ByteBudget(long limit, ByteBudget parent) {
        this.limit = limit;
        this.parent = parent;
    }

    public static ByteBudget of(long limit) {
        return new ByteBudget(limit, null);
    }

    public static ByteBudget unlimited() {
        return of(Long.MAX_VALUE);
    }

    /** A budget inside this one: bytes count against both. */
    public ByteBudget child(long limit) {
        return new ByteBudget(limit, this);
    }

    public long limit() {
        return limit;
    }

    /** Counts {@code bytes} against this budget and every enclosing one; false once one of them is spent. */
    public boolean take(long bytes) {
        ByteBudget first = null;
        for (ByteBudget b = this; b != null; b = b.parent) {
            long total = b.used.addAndGet(bytes);
            if ((total > b.limit || total < 0) && first == null) {
                first = b;
            }
        }
        if (first != null && spent == null) {
            spent = first;
        }
        return first == null;
    }

    /** The budget (this one or an enclosing one) that ran out for this one, or {@code null}. */
    public ByteBudget spent() {
        return spent;
    }

    /** A response body was cut off because its budget is spent. */
    public static final class SpentException extends IOException {
        public SpentException() {
            super("byte budget spent", null);
        }
    }
}
