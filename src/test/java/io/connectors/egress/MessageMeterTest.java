package io.connectors.egress;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The message limit egress applies to MCP answers: a JSON body as a whole, an event stream event by event. */
class MessageMeterTest {

    private static List<ByteBuffer> bytes(String text) {
        return List.of(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aJsonBodyCountsAsOneMessageAcrossBuffers() {
        MessageMeter meter = MessageMeter.forContentType("application/json; charset=utf-8", 10);
        assertTrue(meter.accept(bytes("{\"a\":")));
        assertTrue(meter.accept(bytes("12}")));
        assertFalse(meter.accept(bytes("\n\n\n")), "blank lines don't end a JSON message");
    }

    @Test
    void anUnknownContentTypeIsMeasuredAsAWhole() {
        MessageMeter meter = MessageMeter.forContentType(null, 4);
        assertFalse(meter.accept(bytes("data: x\n\ndata: y\n\n")));
    }

    @Test
    void eachEventOfAnEventStreamHasTheWholeLimit() {
        MessageMeter meter = MessageMeter.forContentType("Text/Event-Stream", 12);
        for (int i = 0; i < 100; i++) {
            assertTrue(meter.accept(bytes("data: 123456\n\n")), "event " + i);
        }
    }

    @Test
    void anEventOverTheLimitIsRefusedEvenWhenSplitOverLinesAndBuffers() {
        MessageMeter meter = MessageMeter.forContentType("text/event-stream", 12);
        assertTrue(meter.accept(bytes("data: 12")));
        assertTrue(meter.accept(bytes("\ndat")));
        assertFalse(meter.accept(bytes("a:")), "13 bytes of one event (terminators not counted)");
    }

    @Test
    void everyLineEndingOfTheFormatEndsLinesAndEvents() {
        for (String end : new String[] {"\r\n", "\n", "\r"}) {
            MessageMeter meter = MessageMeter.forContentType("text/event-stream", 8);
            for (int i = 0; i < 10; i++) {
                assertTrue(meter.accept(bytes("data: 12" + end + end)), "line ending " + end.replace("\r", "CR")
                        .replace("\n", "LF"));
            }
            assertFalse(meter.accept(bytes("data: 12" + end + "data: 34" + end)), "two lines are one event");
        }
    }

    @Test
    void aCarriageReturnAndLineFeedInSeparateBuffersAreOneLineEnd() {
        MessageMeter meter = MessageMeter.forContentType("text/event-stream", 8);
        assertTrue(meter.accept(bytes("data: 12\r")));
        // Were the LF a second line end, this would start a new event and the next line would fit.
        assertTrue(meter.accept(bytes("\n")));
        assertFalse(meter.accept(bytes("x")), "the same event goes on after CR LF");
    }

    @Test
    void countingLeavesTheBuffersAsTheyWere() {
        ByteBuffer buffer = ByteBuffer.wrap("data: 1\n\n".getBytes(StandardCharsets.UTF_8));
        MessageMeter.forContentType("text/event-stream", 100).accept(List.of(buffer));
        assertEquals(0, buffer.position());
        assertEquals(9, buffer.remaining());
    }
}
