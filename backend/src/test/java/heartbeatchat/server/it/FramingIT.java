package heartbeatchat.server.it;

import heartbeatchat.shared.protocol.Wire;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The WebSocket layer as frames on the wire, from a client written by hand: fragments, control
 * frames, binary frames and bytes that are not UTF-8 each get a defined answer, and a bystander on
 * the same server carries on after every one of them.
 */
class FramingIT {
    private static ServerProcess server;
    private static RawWsClient bystander;

    @BeforeAll
    static void start() throws Exception {
        server = ServerProcess.start(0);
        bystander = RawWsClient.open(server.port());
        bystander.sendText(WsClient.login("openid-00000000-bystander", "Bystander"));
        String reply = bystander.read().text();
        assertTrue(reply.contains("\"type\":\"login\""), reply);
    }

    @AfterAll
    static void stop() throws IOException {
        bystander.close();
        server.close();
        for (String line : server.output()) {
            assertFalse(line.contains("ERROR") || line.contains("Exception"), "server logged: " + line);
        }
    }

    @AfterEach
    void theBystanderCarriesOn() throws IOException {
        bystander.sendText(Wire.PING_FRAME);
        assertEquals(Wire.PONG_FRAME, bystander.read().text());
    }

    @Test
    void aTextMessageInFragmentsIsOneMessage() throws IOException {
        try (RawWsClient c = RawWsClient.open(server.port())) {
            String ping = Wire.PING_FRAME;
            c.send(RawWsClient.TEXT, false, ping.substring(0, 5).getBytes(StandardCharsets.UTF_8));
            c.send(RawWsClient.CONTINUATION, false, ping.substring(5, 12).getBytes(StandardCharsets.UTF_8));
            c.send(RawWsClient.PING, true, new byte[0]); // control frames may come between fragments
            assertEquals(RawWsClient.PONG, c.read().opcode());
            c.send(RawWsClient.CONTINUATION, true, ping.substring(12).getBytes(StandardCharsets.UTF_8));
            RawWsClient.Frame reply = c.read();
            assertEquals(RawWsClient.TEXT, reply.opcode());
            assertEquals(Wire.PONG_FRAME, reply.text());
        }
    }

    @Test
    void aCharacterSplitAcrossFragmentsArrivesWhole() throws IOException {
        try (RawWsClient c = RawWsClient.open(server.port())) {
            byte[] frame = "{\"type\":\"nope\",\"data\":\"🐼\"}".getBytes(StandardCharsets.UTF_8);
            int split = new String(frame, StandardCharsets.UTF_8).indexOf('🐼') + 2; // inside the 4-byte panda
            c.send(RawWsClient.TEXT, false, Arrays.copyOfRange(frame, 0, split));
            c.send(RawWsClient.CONTINUATION, true, Arrays.copyOfRange(frame, split, frame.length));
            String reply = c.read().text();
            assertTrue(reply.contains("\"type\":\"error\""), reply); // an unknown type, answered, not a 1007
        }
    }

    @Test
    void aProtocolPingIsAnsweredWithItsPayload() throws IOException {
        try (RawWsClient c = RawWsClient.open(server.port())) {
            byte[] payload = "are you there".getBytes(StandardCharsets.UTF_8);
            c.send(RawWsClient.PING, true, payload);
            RawWsClient.Frame pong = c.read();
            assertEquals(RawWsClient.PONG, pong.opcode());
            assertArrayEquals(payload, pong.payload());
        }
    }

    @Test
    void aBinaryFrameIsClosedWith1003() throws IOException {
        try (RawWsClient c = RawWsClient.open(server.port())) {
            c.send(RawWsClient.BINARY, true, new byte[] {1, 2, 3});
            assertEquals(1003, c.awaitClose());
        }
    }

    @Test
    void textThatIsNotUtf8IsClosedWith1007() throws IOException {
        try (RawWsClient c = RawWsClient.open(server.port())) {
            c.send(RawWsClient.TEXT, true, new byte[] {'{', (byte) 0xC3, 0x28, '}'});
            assertEquals(1007, c.awaitClose());
        }
    }

    @Test
    void fragmentsAddingUpToMoreThan64KiBAreClosedWith1009() throws IOException {
        try (RawWsClient c = RawWsClient.open(server.port())) {
            byte[] piece = "x".repeat(10_000).getBytes(StandardCharsets.US_ASCII);
            c.send(RawWsClient.TEXT, false, "{\"type\":\"message\",\"data\":\"".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 7; i++) { // 70,000 bytes of data; each piece alone is small
                c.send(RawWsClient.CONTINUATION, false, piece);
            }
            assertEquals(1009, c.awaitClose());
        }
    }

    @Test
    void onlySlashAndSlashWsAreWebSockets() throws IOException {
        try (RawWsClient root = new RawWsClient(server.port(), "/", 64 * 1024, "");
             RawWsClient other = new RawWsClient(server.port(), "/other", 64 * 1024, "")) {
            assertTrue(root.upgraded(), root.responseHead());
            assertFalse(other.upgraded(), other.responseHead());
            assertTrue(other.responseHead().startsWith("HTTP/1.1 404"), other.responseHead());
        }
    }

    @Test
    void compressionIsNotNegotiated() throws IOException {
        try (RawWsClient c = new RawWsClient(server.port(), "/ws", 64 * 1024,
                "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n")) {
            assertTrue(c.upgraded(), c.responseHead());
            assertFalse(c.responseHead().toLowerCase(Locale.ROOT).contains("sec-websocket-extensions"), c.responseHead());
            c.sendText(Wire.PING_FRAME);
            assertEquals(Wire.PONG_FRAME, c.read().text());
        }
    }
}
