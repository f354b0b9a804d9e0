package heartbeatchat.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import heartbeatchat.shared.protocol.Wire;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server's limits with its default rate limit, against the real process. */
class LimitsIT {
    private static ServerProcess server;
    private final List<WsClient> clients = new ArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        server = ServerProcess.start(0, "--login-timeout-ms", "1000", "--allowed-origins", "https://chat.example.org");
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(WsClient::close);
    }

    private WsClient client() {
        WsClient c = WsClient.connect(server.wsUrl("/ws"));
        clients.add(c);
        return c;
    }

    @Test
    void framesOverTheBurstGetRateLimitedAndPassAgainAfterARefill() throws Exception {
        WsClient c = client();
        c.logIn("openid-00000000-rate", "Rate"); // one token of twenty
        for (int i = 0; i < 19; i++) {
            c.send(Wire.PING_FRAME);
        }
        c.send(WsClient.message("over the limit", "r1"));
        for (int i = 0; i < 19; i++) {
            assertEquals(Wire.PONG_FRAME, c.nextRaw());
        }
        JsonNode refused = c.next("error");
        assertEquals("rate_limited", refused.path("code").asText());
        assertEquals("r1", refused.path("clientMsgId").asText());

        Thread.sleep(400); // five tokens a second
        c.send(WsClient.message("over the limit", "r1"));
        assertEquals("r1", c.next("message").path("clientMsgId").asText());
        assertFalse(c.isClosed());
    }

    @Test
    void aConnectionThatDoesNotLogInIsClosedWith4001() throws InterruptedException {
        WsClient c = client();
        c.send(Wire.PING_FRAME); // pinging is not logging in
        assertEquals(Wire.PONG_FRAME, c.nextRaw());
        // the exact delay is ChatRoomTest's, on a fake clock; here: the code, and the reason logged
        assertEquals(4001, c.awaitClose(Duration.ofSeconds(10)));
        server.awaitLine(" code 4001 (no login within 1000 ms)"); // the close is logged with its reason
    }

    @Test
    void aUserMayHaveFiveConnectionsAndTheSixthIsRefusedWith4002() {
        for (int i = 0; i < 5; i++) {
            client().logIn("openid-00000000-tabs", "Tabs");
        }
        WsClient sixth = client();
        sixth.send(WsClient.login("openid-00000000-tabs", "Tabs"));
        assertEquals("too_many_connections", sixth.next("error").path("code").asText());
        assertEquals(4002, sixth.awaitClose(Duration.ofSeconds(5)));
        assertTrue(client().logIn("openid-00000000-someone-else", "Else").path("ok").asBoolean());
    }

    @Test
    void aBrowserPageFromAnotherSiteIsRefusedAtTheUpgrade() throws InterruptedException {
        CompletionException e = assertThrows(CompletionException.class,
                () -> clients.add(WsClient.connectFrom(server.wsUrl("/ws"), "https://evil.example.com")));
        WebSocketHandshakeException handshake = assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
        assertEquals(403, handshake.getResponse().statusCode());
        server.awaitLine("refused upgrade from 127.0.0.1 with Origin https://evil.example.com");
    }

    @Test
    void theServersOwnOriginTheAllowListAndNoOriginAreLetIn() {
        for (String origin : new String[] {"http://127.0.0.1:" + server.port(), "https://chat.example.org", null}) {
            WsClient c = origin == null ? client() : WsClient.connectFrom(server.wsUrl("/"), origin);
            clients.add(c);
            c.send(Wire.PING_FRAME);
            assertEquals(Wire.PONG_FRAME, c.nextRaw(), String.valueOf(origin));
        }
    }

    @Test
    void connectionsOverTheGlobalCapAreClosedWith1013() throws Exception {
        try (ServerProcess small = ServerProcess.start(0, "--max-connections", "2");
             WsClient a = WsClient.connect(small.wsUrl("/ws"));
             WsClient b = WsClient.connect(small.wsUrl("/ws"));
             WsClient c = WsClient.connect(small.wsUrl("/ws"))) {
            a.send(Wire.PING_FRAME);
            assertEquals(Wire.PONG_FRAME, a.nextRaw());
            assertEquals(1013, c.awaitClose(Duration.ofSeconds(5)));
            b.send(Wire.PING_FRAME);
            assertEquals(Wire.PONG_FRAME, b.nextRaw());
        }
    }
}
