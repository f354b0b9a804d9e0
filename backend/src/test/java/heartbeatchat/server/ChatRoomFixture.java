package heartbeatchat.server;

import com.fasterxml.jackson.databind.JsonNode;
import heartbeatchat.server.store.InMemoryMessageStore;
import heartbeatchat.server.store.MessageStore;
import heartbeatchat.shared.protocol.Wire;
import heartbeatchat.shared.testing.FakeClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A {@link ChatRoom} without sockets: recording connections, a fake clock, an in-memory store. */
abstract class ChatRoomFixture {
    static final RoomSettings SETTINGS = new RoomSettings(15_000, 10_000, 3, 5, 100, 5, 20, 5, 1 << 20, 4, 1_000, 1);

    final FakeClock clock = new FakeClock();
    final AtomicLong wallClock = new AtomicLong(1_700_000_000_000L);
    final List<RecordingConnection> connections = new ArrayList<>();
    /** Frame types every connection made from now on passes over. */
    java.util.Set<String> ignoredTypes = java.util.Set.of();
    MessageStore store = new InMemoryMessageStore();
    ChatRoom room = newRoom(SETTINGS);

    ChatRoom newRoom(RoomSettings settings) {
        return newRoom(settings, RoomLimits.DEFAULTS);
    }

    ChatRoom newRoom(RoomSettings settings, RoomLimits limits) {
        try {
            return new ChatRoom(clock, wallClock::get, new JsonCodec(), store, settings, limits);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @AfterEach
    void noOpenidEverLeftTheServer() {
        room.close();
        for (RecordingConnection c : connections) {
            for (String frame : List.copyOf(c.all)) {
                assertFalse(frame.contains("secret-openid"), "openid leaked in " + frame);
            }
        }
    }

    RecordingConnection connect(String id) {
        return connect(id, "127.0.0.1");
    }

    RecordingConnection connect(String id, String address) {
        RecordingConnection c = new RecordingConnection(id);
        c.ignoredTypes = ignoredTypes;
        connections.add(c);
        room.onConnect(c, "test", address);
        return c;
    }

    static String login(String openid, String name) {
        return "{\"type\":\"login\",\"socketId\":\"s1\",\"userName\":\"" + name + "\",\"userAvatar\":\"🐱\",\"openid\":\""
                + openid + "\"}";
    }

    /** Connects and logs in, consuming the login reply; returns the connection. */
    RecordingConnection loggedIn(String id, String openid, String name) {
        RecordingConnection c = connect(id);
        room.onText(id, login(openid, name));
        c.next("login");
        return c;
    }

    static String loginWithRooms(String openid, String name, String rooms) {
        return "{\"type\":\"login\",\"userName\":\"" + name + "\",\"userAvatar\":\"🐱\",\"openid\":\""
                + openid + "\",\"rooms\":" + rooms + "}";
    }

    /** Connects and logs in as a client that knows rooms; returns the login reply. */
    JsonNode loggedInWithRooms(String id, String openid, String name, String rooms) {
        RecordingConnection c = connect(id);
        room.onText(id, loginWithRooms(openid, name, rooms));
        return c.next("login");
    }

    RecordingConnection connection(String id) {
        return connections.stream().filter(c -> c.id().equals(id)).reduce((a, b) -> b).orElseThrow();
    }

    void say(RecordingConnection c, String text) {
        room.onText(c.id(), "{\"type\":\"message\",\"data\":\"" + text + "\"}");
    }

    void say(RecordingConnection c, String text, String clientMsgId) {
        room.onText(c.id(), "{\"type\":\"message\",\"data\":\"" + text + "\",\"clientMsgId\":\"" + clientMsgId + "\"}");
    }

}
