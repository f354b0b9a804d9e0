package heartbeatchat.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rooms and direct conversations against the server as a process, over real WebSockets. */
class RoomsIT {
    private static final String ANN = "openid-rooms-ann-00000001";
    private static final String BOB = "openid-rooms-bob-00000001";
    private static final String EVE = "openid-rooms-eve-00000001";

    static String loginWithRooms(String openid, String name, String rooms) {
        return "{\"type\":\"login\",\"userName\":\"" + name + "\",\"userAvatar\":\"🐼\",\"openid\":\"" + openid
                + "\",\"rooms\":" + rooms + "}";
    }

    static String messageIn(String room, String text, String clientMsgId) {
        return "{\"type\":\"message\",\"room\":\"" + room + "\",\"data\":\"" + text + "\",\"clientMsgId\":\"" + clientMsgId + "\"}";
    }

    private static JsonNode logIn(WsClient c, String openid, String name, String rooms) {
        c.send(loginWithRooms(openid, name, rooms));
        return c.next("login");
    }



    @Test
    void aDirectConversationStaysBetweenItsTwoWhateverAThirdConnectionTries() throws Exception {
        try (ServerProcess server = ServerProcess.start(0, "--rate-burst", "1000", "--rate-per-second", "1000");
             WsClient ann = WsClient.connect(server.wsUrl("/ws"));
             WsClient bob = WsClient.connect(server.wsUrl("/ws"));
             WsClient eve = WsClient.connect(server.wsUrl("/ws"));
             WsClient note = WsClient.connect(server.wsUrl("/"))) {
            note.logIn("openid-note-client-000001", "Note"); // the design note's client: login, check, message only
            logIn(ann, ANN, "Ann", "{}");
            String bobId = logIn(bob, BOB, "Bob", "{}").path("userId").asText();
            logIn(eve, EVE, "Eve", "{}");

            ann.send("{\"type\":\"openDirect\",\"userId\":\"" + bobId + "\"}");
            String dm = ann.nextOfType("room").path("room").asText();
            assertEquals(dm, bob.nextOfType("room").path("room").asText());
            ann.send(messageIn(dm, "secret plan", "dm-1"));
            assertEquals("secret plan", bob.nextOfType("message").path("data").asText());
            ann.send("{\"type\":\"typing\",\"room\":\"" + dm + "\"}");
            bob.nextOfType("typing");
            bob.send("{\"type\":\"read\",\"room\":\"" + dm + "\",\"seq\":1}");
            assertEquals(1, ann.nextOfType("read").path("seq").asLong());

            SecureRandom random = new SecureRandom();
            List<String> tries = new ArrayList<>(List.of(dm, dm.toUpperCase(), dm.substring(0, dm.length() - 1)));
            for (int i = 0; i < 20; i++) { // guessed ids of the same shape
                StringBuilder guess = new StringBuilder("d");
                for (int j = 0; j < dm.length() - 1; j++) {
                    guess.append("0123456789abcdefghijklmnopqrstuvwxyz".charAt(random.nextInt(36)));
                }
                tries.add(guess.toString());
            }
            for (String id : tries) {
                for (String frame : List.of(
                        "{\"type\":\"joinRoom\",\"room\":\"" + id + "\"}",
                        "{\"type\":\"history\",\"room\":\"" + id + "\",\"before\":2}",
                        messageIn(id, "let me in", "try-" + id.hashCode()),
                        "{\"type\":\"typing\",\"room\":\"" + id + "\"}",
                        "{\"type\":\"read\",\"room\":\"" + id + "\",\"seq\":1}",
                        "{\"type\":\"leaveRoom\",\"room\":\"" + id + "\"}")) {
                    eve.send(frame);
                    JsonNode answer = eve.nextOfType("error");
                    assertEquals("no_such_room", answer.path("code").asText(), frame + " → " + answer);
                }
            }
            try (WsClient eveAgain = WsClient.connect(server.wsUrl("/ws"))) {
                JsonNode resumed = logIn(eveAgain, EVE, "Eve", "{\"" + dm + "\":0}");
                assertFalse(resumed.toString().contains(dm), "a resume naming the id gets nothing of it: " + resumed);
            }
            eve.send("{\"type\":\"openDirect\",\"userId\":\"" + bobId + "\"}");
            assertNotEquals(dm, eve.nextOfType("room").path("room").asText(), "Eve's own conversation with Bob is another");
            eve.send("{\"type\":\"rooms\"}");
            assertFalse(eve.nextOfType("rooms").toString().contains(dm));

            ann.send(messageIn("lobby", "hello lobby", "lobby-1"));
            assertEquals("hello lobby", note.nextOfType("message").path("data").asText());
            eve.pingAndCollect();
            for (String frame : eve.everything()) {
                assertFalse(frame.contains("secret plan") || frame.contains(dm), "Eve saw " + frame);
            }
            note.pingAndCollect();
            Set<String> safe = Set.of("login", "message", "join", "leave", "check");
            for (String frame : note.everything()) {
                JsonNode n = WsClient.parse(frame);
                assertTrue(safe.contains(n.path("type").asText()), "the note's client was sent " + frame);
                assertFalse(frame.contains("secret plan"));
                if (n.path("type").asText().equals("message")) {
                    assertEquals("lobby", n.path("room").asText());
                }
            }
        }
    }

    /** Starts the server again on the same store, each time it is called. */
    interface SameStore {
        ServerProcess start() throws Exception;
    }

    @Test
    void eachRoomKeepsItsOwnSeqAcrossASigkillAndReadPositionsAcrossARestart() throws Exception {
        Path data = ServerProcess.newDataDir();
        eachRoomKeepsItsOwnSeqAcrossASigkillAndReadPositionsAcrossARestart(() -> ServerProcess.start(0, data));
    }

    /** The same for any store: {@code ChatOnPostgresIT} runs it on PostgreSQL. */
    static void eachRoomKeepsItsOwnSeqAcrossASigkillAndReadPositionsAcrossARestart(SameStore store) throws Exception {
        String ops;
        try (ServerProcess server = store.start();
             WsClient ann = WsClient.connect(server.wsUrl("/ws"))) {
            logIn(ann, ANN, "Ann", "{}");
            ann.send("{\"type\":\"createRoom\",\"name\":\"Ops\"}");
            ops = ann.nextOfType("room").path("room").asText();
            for (int i = 1; i <= 3; i++) {
                ann.send(messageIn(ops, "ops " + i, "ops-" + i));
                assertEquals(i, ann.nextOfType("message").path("seq").asLong());
            }
            ann.send(messageIn("lobby", "lobby 1", "lobby-1"));
            JsonNode lobbyMessage = ann.nextOfType("message");
            assertEquals("lobby", lobbyMessage.path("room").asText());
            assertEquals(1, lobbyMessage.path("seq").asLong(), "the lobby counts on its own");
            ann.send("{\"type\":\"read\",\"room\":\"" + ops + "\",\"seq\":2}");
            ann.nextOfType("read");
            assertEquals(143, server.terminate(5_000), "128 + SIGTERM: the shutdown hook wrote the pending read position");
        }
        try (ServerProcess server = store.start();
             WsClient ann = WsClient.connect(server.wsUrl("/ws"))) {
            JsonNode reply = logIn(ann, ANN, "Ann", "{\"" + ops + "\":1,\"lobby\":1}");
            JsonNode entry = LoginReplies.entry(reply, ops);
            assertEquals("Ops", entry.path("name").asText());
            assertEquals(List.of(2L, 3L), LoginReplies.seqs(entry.path("history")), "resumed after 1");
            assertEquals(2, entry.path("read").asLong(), "the read position survived the restart");
            assertEquals(1, entry.path("unread").asLong());
            assertEquals(0, reply.path("history").size(), "nothing new in the lobby");
            for (int i = 4; i <= 5; i++) {
                ann.send(messageIn(ops, "ops " + i, "ops-" + i));
                assertEquals(i, ann.nextOfType("message").path("seq").asLong());
            }
            server.kill();
        }
        try (ServerProcess server = store.start();
             WsClient ann = WsClient.connect(server.wsUrl("/ws"))) {
            JsonNode reply = logIn(ann, ANN, "Ann", "{\"" + ops + "\":3}");
            assertEquals(List.of(4L, 5L), LoginReplies.seqs(LoginReplies.entry(reply, ops).path("history")), "stored before sent: kept through SIGKILL");
            ann.send(messageIn(ops, "ops 4", "ops-4")); // a retry after the crash
            JsonNode original = ann.nextOfType("message");
            assertEquals(4, original.path("seq").asLong(), "answered with the original, not stored again");
            ann.send(messageIn(ops, "ops 6", "ops-6"));
            assertEquals(6, ann.nextOfType("message").path("seq").asLong(), "no seq given twice");
        }
    }
}
