package heartbeatchat.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server finds dead clients itself, and only dead ones: a client that only reads is proved
 * alive by the pong its WebSocket answers the server's protocol ping with; a link on which nothing
 * comes back, not even that pong, is closed with 4000 once the idle timeout has passed.
 */
class IdleReapingIT {
    private static final long IDLE_TIMEOUT_MILLIS = 1_500;

    @Test
    void aReaderInABusyRoomStaysWhileALinkThatAnswersNoPingIsClosedWith4000() throws Exception {
        try (ServerProcess server = ServerProcess.start(0, "--idle-timeout-ms", String.valueOf(IDLE_TIMEOUT_MILLIS));
             WsClient talker = WsClient.connect(server.wsUrl("/ws"));
             WsClient reader = WsClient.connect(server.wsUrl("/ws"));
             RawWsClient deadLink = RawWsClient.open(server.port())) {
            talker.logIn("openid-00000000-talker-0000000", "Talker");
            reader.logIn("openid-00000000-reader-0000000", "Reader"); // java.net.http answers pings by itself
            deadLink.sendText(WsClient.login("openid-00000000-dead-link-0000", "Dead"));
            long loggedInAt = System.nanoTime();

            // the dead link sees the server's ping and never answers it; then the close comes
            List<Integer> opcodes = new ArrayList<>();
            Thread deadReader = new Thread(() -> {
                try {
                    for (RawWsClient.Frame f = deadLink.read(); ; f = deadLink.read()) {
                        opcodes.add(f.opcode());
                        if (f.opcode() == RawWsClient.CLOSE) {
                            opcodes.add(f.closeCode());
                            return;
                        }
                    }
                } catch (Exception e) {
                    opcodes.add(-1);
                }
            });
            deadReader.start();

            // a message every 200 ms for four idle timeouts: the reader never sends a frame
            int sent = 0;
            while (System.nanoTime() - loggedInAt < 4 * IDLE_TIMEOUT_MILLIS * 1_000_000) {
                talker.send(WsClient.message("busy " + ++sent));
                Thread.sleep(200);
            }
            deadReader.join(10_000);
            assertTrue(opcodes.contains(RawWsClient.PING), "the dead link was pinged first: " + opcodes);
            assertEquals(List.of(RawWsClient.CLOSE, 4000), opcodes.subList(opcodes.size() - 2, opcodes.size()));
            List<String> shown = new ArrayList<>();
            List<String> left = new ArrayList<>();
            while (shown.size() < sent) {
                JsonNode frame = WsClient.parse(reader.nextRaw());
                switch (frame.path("type").asText()) {
                    case "message" -> shown.add(frame.path("data").asText());
                    case "leave" -> left.add(frame.path("userName").asText());
                    default -> { }
                }
            }
            assertEquals(IntStream.rangeClosed(1, sent).mapToObj(i -> "busy " + i).toList(), shown);
            assertEquals(List.of("Dead"), left);
            assertFalse(reader.isClosed(), "the reader is still connected");
            List<String> closes = server.output().stream().filter(l -> l.contains(" code 4000 ")).toList();
            assertEquals(1, closes.size(), "only the dead link was reaped: " + closes);
            assertTrue(closes.get(0).contains("no pong"), closes.get(0));
        }
    }
}
