package heartbeatchat.server;

import heartbeatchat.server.transport.Connection;
import heartbeatchat.server.transport.FrameRun;
import heartbeatchat.server.transport.SharedFrame;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OutgoingTest {
    private final List<String> order = new ArrayList<>();

    /** Stands for three connections. */
    private int toEveryone(FrameRun run) {
        order.add("everyone " + run.frames().stream().map(SharedFrame::text).toList());
        return 3;
    }

    @Test
    void framesForEveryoneInARowGoAsOneRunBeforeAnythingQueuedAfterThem() {
        Outgoing out = new Outgoing();
        Connection ann = new Connection() {
            @Override
            public String id() {
                return "ann";
            }

            @Override
            public void send(String text) {
                order.add("ann sent " + text);
            }

            @Override
            public void send(SharedFrame frame) {
                order.add("ann sent " + frame.text());
            }

            @Override
            public void queue(SharedFrame frame) {
                order.add("ann " + frame.text());
            }

            @Override
            public void flush() {
            }

            @Override
            public void ping() {
            }

            @Override
            public void close(int code, String reason) {
            }
        };
        out.queueForEveryone(new SharedFrame("m1"), this::toEveryone);
        out.queueForEveryone(new SharedFrame("m2"), this::toEveryone);
        assertEquals(List.of(), order, "held until something else comes, or the run ends");
        out.queue(ann, new SharedFrame("typing"));
        out.queueForEveryone(new SharedFrame("m3"), this::toEveryone);
        out.endRun();
        out.endRun();
        assertEquals(List.of("everyone [m1, m2]", "ann typing", "everyone [m3]"), order);
        assertEquals(9, out.everyoneDeliveries(), "each frame counted once per connection it went to");
    }

    @Test
    void aRunLaysItsFramesOutOnTheWireInOrderInOneDirectBuffer() {
        FrameRun run = new FrameRun(List.of(new SharedFrame("one"), new SharedFrame("x".repeat(300)), new SharedFrame("three")));
        java.nio.ByteBuffer first = run.wire();
        java.nio.ByteBuffer second = run.wire();
        byte[] bytes = new byte[first.remaining()];
        first.get(bytes);
        assertEquals(List.of("one", "x".repeat(300), "three"), heartbeatchat.server.transport.WireFrames.texts(bytes));
        assertEquals(bytes.length, second.remaining(), "each connection reads its own view");
        assertEquals(true, second.isDirect());
    }
}
