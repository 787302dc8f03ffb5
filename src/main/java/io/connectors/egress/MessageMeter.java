package io.connectors.egress;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;

/**
 * Measures the messages of one response body as they stream in: the whole body for JSON (one JSON-RPC message or
 * batch), each event for an event stream. Hand-written because the MCP SDK's own limit surfaces only as a
 * package-private exception: counting here, at or below the SDK's limit, turns "too large" into a fact of ours.
 *
 * <p>An event's size counts every byte of its lines except the line terminators (field names included), so it is
 * never smaller than what the SDK accumulates for the same event; one pass, constant state, linear in the body.
 */
final class MessageMeter {

    private final int limit;
    private final boolean eventStream;
    private long current;
    private boolean atLineStart = true;
    private boolean afterCarriageReturn;

    private MessageMeter(int limit, boolean eventStream) {
        this.limit = limit;
        this.eventStream = eventStream;
    }

    /** A meter for a body of {@code contentType} (an event stream is measured per event, anything else as a whole). */
    static MessageMeter forContentType(String contentType, int limit) {
        String type = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return new MessageMeter(limit, type.equals("text/event-stream"));
    }

    int limit() {
        return limit;
    }

    /** Counts {@code buffers} (without moving their positions); {@code false} once a message exceeds the limit. */
    boolean accept(List<ByteBuffer> buffers) {
        for (ByteBuffer buffer : buffers) {
            if (!eventStream) {
                current += buffer.remaining();
                if (current > limit) {
                    return false;
                }
                continue;
            }
            for (int i = buffer.position(); i < buffer.limit(); i++) {
                if (!acceptEventByte(buffer.get(i))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Lines end with CRLF, LF or CR; an empty line ends the event (the event-stream format). */
    private boolean acceptEventByte(byte b) {
        if (b == '\n' && afterCarriageReturn) {
            afterCarriageReturn = false;
            return true;
        }
        afterCarriageReturn = b == '\r';
        if (b == '\n' || b == '\r') {
            if (atLineStart) {
                current = 0;
            }
            atLineStart = true;
            return true;
        }
        atLineStart = false;
        return ++current <= limit;
    }
}
