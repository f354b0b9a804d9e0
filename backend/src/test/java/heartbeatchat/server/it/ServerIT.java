package heartbeatchat.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import heartbeatchat.shared.protocol.Wire;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packaged server as a process on a free port, spoken to by real WebSocket clients. */
class ServerIT {
    private static ServerProcess server;
    private final List<WsClient> clients = new ArrayList<>();
    private final List<String> openids = new ArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        // these tests send faster than people type, and hundreds of clients come from 127.0.0.1;
        // the limits have tests of their own
        server = ServerProcess.start(0, "--rate-burst", "100000", "--rate-per-second", "100000",
                "--max-connections-per-address", "10000", "--connects-per-address-per-second", "10000");
    }

    @AfterAll
    static void stopServer() {
        server.close();
        for (String line : server.output()) {
            assertFalse(line.contains("ERROR") || line.contains("Exception"), "server logged: " + line);
            assertFalse(line.contains("store unavailable"), "server logged: " + line);
        }
    }

    @AfterEach
    void noOpenidLeftTheServerAndCloseClients() {
        for (WsClient c : clients) {
            for (String frame : c.everything()) {
                for (String openid : openids) {
                    assertFalse(frame.contains(openid), "openid leaked in " + frame);
                }
            }
            c.close();
        }
    }

    private WsClient client() {
        return client("/ws");
    }

    private WsClient client(String path) {
        WsClient c = WsClient.connect(server.wsUrl(path));
        clients.add(c);
        return c;
    }

    private String openid() {
        String id = "openid-00000000-" + UUID.randomUUID();
        openids.add(id);
        return id;
    }

    @Test
    void servesThePageAndItsScript() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(server.httpUrl())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("Heartbeat Chat"));
        HttpResponse<String> script = http.send(HttpRequest.newBuilder(URI.create(server.httpUrl() + "js/chat.js")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, script.statusCode());
        assertTrue(script.headers().firstValue("content-type").orElse("").contains("javascript"));
        assertTrue(script.body().length() > 10_000, "the compiled client is not empty");
    }

    @Test
    void everyPageFileIsServedWithItsTypeAndRevalidatedByItsETag() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Map<String, String> types = Map.of("", "text/html", "index.html", "text/html", "start.js", "text/javascript",
                "sw.js", "text/javascript", "style.css", "text/css", "js/chat.js", "text/javascript");
        for (Map.Entry<String, String> file : types.entrySet()) {
            URI uri = URI.create(server.httpUrl() + file.getKey());
            HttpResponse<byte[]> got = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, got.statusCode(), uri.toString());
            assertTrue(got.headers().firstValue("content-type").orElse("").startsWith(file.getValue() + ";"), uri.toString());
            assertTrue(got.body().length > 100, uri.toString());
            assertEquals("max-age=0", got.headers().firstValue("cache-control").orElse(""), uri.toString());
            String etag = got.headers().firstValue("etag").orElseThrow();
            HttpResponse<byte[]> again = http.send(HttpRequest.newBuilder(uri).header("If-None-Match", etag).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(304, again.statusCode(), uri.toString());
            assertEquals(0, again.body().length, uri.toString());
            HttpResponse<byte[]> head = http.send(HttpRequest.newBuilder(uri).method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, head.statusCode(), uri.toString());
            assertEquals(etag, head.headers().firstValue("etag").orElse(""), uri.toString());
            assertEquals(0, head.body().length, uri.toString());
        }
        assertEquals(404, http.send(HttpRequest.newBuilder(URI.create(server.httpUrl() + "js/other.js")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void theNotesUrlAndWsBothAcceptLogins() {
        for (String path : List.of("/", "/ws")) {
            JsonNode reply = client(path).logIn(openid(), "Path" + path.length());
            assertTrue(reply.path("ok").asBoolean(), path);
            assertEquals(22, reply.path("userId").asText().length());
            assertTrue(reply.path("users").isArray());
            assertTrue(reply.path("history").isArray());
        }
    }

    @Test
    void pingIsAnsweredBeforeAndAfterLogin() {
        WsClient c = client("/");
        c.send(Wire.PING_FRAME);
        assertEquals(Wire.PONG_FRAME, c.nextRaw());
        c.logIn(openid(), "Pinger");
        c.send(Wire.PING_FRAME);
        assertEquals(Wire.PONG_FRAME, c.nextRaw());
    }

    @Test
    void aMessageReachesEveryoneIncludingTheSender() {
        WsClient ann = client();
        String annId = ann.logIn(openid(), "Ann").path("userId").asText();
        WsClient bob = client();
        String bobId = bob.logIn(openid(), "Bob").path("userId").asText();
        assertNotEquals(annId, bobId);

        ann.send(WsClient.message("hello <b>bob</b>"));
        JsonNode atAnn = ann.nextOfType("message");
        JsonNode atBob = bob.nextOfType("message");
        assertEquals(atAnn, atBob);
        assertEquals("hello <b>bob</b>", atBob.path("data").asText());
        assertEquals(annId, atBob.path("userId").asText());
        assertEquals("Ann", atBob.path("userName").asText());
        assertEquals("🐼", atBob.path("userAvatar").asText());
        assertTrue(Math.abs(System.currentTimeMillis() - atBob.path("time").asLong()) < 60_000);

        bob.send(WsClient.message("hi ann"));
        JsonNode second = ann.nextOfType("message");
        assertEquals(atAnn.path("seq").asLong() + 1, second.path("seq").asLong());
        assertEquals(second, bob.nextOfType("message"));
    }

    @Test
    void twoTabsOfOneUserAreOnePresence() throws Exception {
        WsClient watcher = client();
        watcher.logIn(openid(), "Watcher");
        String tabsOpenid = openid();
        WsClient tab1 = client();
        String userId = tab1.logIn(tabsOpenid, "Tabby").path("userId").asText();
        JsonNode join = watcher.next("join");
        assertEquals(userId, join.path("userId").asText());

        WsClient tab2 = client();
        JsonNode reply = tab2.logIn(tabsOpenid, "Tabby");
        assertEquals(userId, reply.path("userId").asText(), "same openid, same user id");
        assertEquals(1, reply.path("users").findValuesAsText("userId").stream().filter(userId::equals).count());

        tab1.close();
        watcher.assertNoFrameWithin(Duration.ofMillis(500));
        tab2.close();
        JsonNode leave = watcher.next("leave");
        assertEquals(userId, leave.path("userId").asText());
    }

    @Test
    void aNewLoginGetsTheRecentHistory() {
        WsClient ann = client();
        ann.logIn(openid(), "Historian");
        String marker = "history-" + UUID.randomUUID();
        ann.send(WsClient.message(marker));
        JsonNode sent = ann.nextOfType("message");

        JsonNode history = client().logIn(openid(), "Late").path("history");
        JsonNode last = history.get(history.size() - 1);
        assertEquals(sent, last);
        assertEquals(marker, last.path("data").asText());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "not json                                        | invalid_json",
            "{\"type\":\"login\"                              | invalid_json",
            "[\"login\"]                                     | not_an_object",
            "{\"data\":\"ping\"}                             | invalid_field",
            "{\"type\":\"shout\"}                            | unknown_type",
            "{\"type\":\"login\",\"openid\":1,\"userName\":\"A\"} | invalid_field",
            "{\"type\":\"login\",\"openid\":\"oooooooooooooooo\",\"userName\":\"123456789012345678901234567890123\"} | name_too_long",
            "{\"type\":\"login\",\"openid\":\"ooooooooooooooo\",\"userName\":\"A\"} | openid_too_short",
            "{\"type\":\"login\",\"openid\":\"oooooooooooooooo\",\"userName\":\"A\\u202eB\"} | name_invalid_characters",
            "{\"type\":\"message\",\"data\":\"before login\"} | not_logged_in",
    })
    void badInputGetsAClearErrorAndTheConnectionStays(String frame, String code) {
        WsClient c = client();
        c.send(frame.trim());
        JsonNode error = c.next("error");
        assertEquals(code, error.path("code").asText());
        assertFalse(error.path("message").asText().isBlank());
        c.send(Wire.PING_FRAME);
        assertEquals(Wire.PONG_FRAME, c.nextRaw());
        assertFalse(c.isClosed());
    }

    @Test
    void anOverlongMessageIsRefusedAfterLogin() {
        WsClient c = client();
        c.logIn(openid(), "Verbose");
        c.send(WsClient.message("x".repeat(2001)));
        assertEquals("message_too_long", c.nextOfType("error").path("code").asText());
        c.send(WsClient.message("y".repeat(2000)));
        assertEquals(2000, c.nextOfType("message").path("data").asText().length());
    }

    @Test
    void aFrameOver64KiBIsClosedWith1009AndOthersCarryOn() {
        WsClient other = client();
        other.logIn(openid(), "Bystander");
        WsClient big = client();
        big.send("{\"type\":\"message\",\"data\":\"" + "z".repeat(70_000) + "\"}");
        assertEquals(1009, big.awaitClose(Duration.ofSeconds(10)));
        other.send(Wire.PING_FRAME);
        assertEquals(Wire.PONG_FRAME, other.nextRaw());
    }

    @Test
    void twoHundredClientsAllReceiveOneBroadcast() {
        List<WsClient> crowd = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            WsClient c = client();
            c.send(WsClient.login(openid(), "crowd" + i));
            crowd.add(c);
        }
        for (WsClient c : crowd) {
            c.nextOfType("login");
        }
        String marker = "to-all-" + UUID.randomUUID();
        crowd.get(0).send(WsClient.message(marker));
        for (WsClient c : crowd) {
            assertEquals(marker, c.nextOfType("message").path("data").asText());
        }
    }

    @Test
    void aClientThatStopsReadingDoesNotStallTheOthers() throws Exception {
        try (RawWsClient stalled = RawWsClient.stalledReader(server.port(), WsClient.login(openid(), "Stalled"))) {
            WsClient sender = client();
            sender.logIn(openid(), "Sender");
            WsClient receiver = client();
            receiver.logIn(openid(), "Receiver");
            String text = "x".repeat(1_900);
            int count = 4_000; // about 7.6 MB, more than the kernel buffers of the stalled socket hold (4 MiB max)
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                sender.send(WsClient.message(text + i));
            }
            for (int i = 0; i < count; i++) {
                assertEquals(text + i, receiver.nextOfType("message").path("data").asText());
            }
            receiver.send(Wire.PING_FRAME);
            assertEquals(Wire.PONG_FRAME, receiver.nextRaw());
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 10_000, count + " messages took " + millis + " ms with a stalled reader in the room");
        }
    }

    @Test
    void aClientWrittenToTheDesignNoteWorksUnchanged() {
        // the note's frames, byte for byte: login on open, ping, then whatever the server sends is chat
        WsClient note = client("/");
        String socketId = System.currentTimeMillis() + "" + Math.random();
        note.send("{\"type\":\"login\",\"socketId\":\"" + socketId + "\",\"userName\":\"小明\","
                + "\"userAvatar\":\"https://example.invalid/a.png\",\"openid\":\"" + openid() + "\"}");
        assertTrue(note.next("login").path("ok").asBoolean());
        note.send("{\"type\":\"check\",\"data\":\"ping\"}");
        assertEquals("pong", note.next("check").path("data").asText());
        note.send("{\"type\":\"message\",\"data\":\"你好\"}");
        JsonNode m = note.nextOfType("message");
        assertEquals("你好", m.path("data").asText());
        assertEquals("小明", m.path("userName").asText());
    }

    @Test
    void olderMessagesArePagedBackToTheFirst() {
        WsClient c = client();
        c.logIn(openid(), "Pager");
        c.send(WsClient.message("paged first"));
        long first = c.nextOfType("message").path("seq").asLong();
        for (int i = 2; i <= 60; i++) {
            c.send(WsClient.message("paged " + i));
        }
        long last = 0;
        for (int i = 2; i <= 60; i++) {
            last = c.nextOfType("message").path("seq").asLong();
        }
        c.send("{\"type\":\"history\",\"before\":" + (last + 1) + "}");
        JsonNode page = c.nextOfType("history");
        assertEquals(50, page.path("messages").size());
        assertEquals(last, page.path("messages").get(49).path("seq").asLong());
        assertEquals("paged 60", page.path("messages").get(49).path("data").asText());
        // back to this test's first message: what is before it belongs to the other tests sharing the server
        c.send("{\"type\":\"history\",\"before\":" + (first + 1) + "}");
        JsonNode back = c.nextOfType("history");
        JsonNode messages = back.path("messages");
        assertEquals("paged first", messages.get(messages.size() - 1).path("data").asText());
        assertEquals(first == messages.size(), back.path("complete").asBoolean());
    }

    @Test
    void helpListsEveryOption() throws Exception {
        ServerProcess.Result help = ServerProcess.run("--help");
        assertEquals(0, help.exitCode());
        for (String option : List.of("--host", "--port", "--idle-timeout-ms", "--history", "PORT", "HOST")) {
            assertTrue(help.output().contains(option), option + " in " + help.output());
        }
        ServerProcess.Result bad = ServerProcess.run("--bogus", "1");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.output().contains("unknown option --bogus"));
    }
}
