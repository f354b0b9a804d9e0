package heartbeatchat.server;

import heartbeatchat.shared.protocol.Rooms;
import com.fasterxml.jackson.databind.JsonNode;
import heartbeatchat.server.store.ForwardingMessageStore;
import heartbeatchat.server.store.NewMessage;
import heartbeatchat.server.store.StoreException;
import heartbeatchat.server.store.Stored;
import heartbeatchat.shared.protocol.Wire;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Rate limit, connection caps, store failures and shutdown of the {@link ChatRoom}. */
class ChatRoomLimitsTest extends ChatRoomFixture {

    @Test
    void framesOverTheBurstAreRefusedWithRateLimitedUntilTokensRefill() {
        RecordingConnection ann = loggedIn("c1", "secret-openid-000-1", "Ann"); // the login took one token
        for (int i = 0; i < 19; i++) {
            room.onText("c1", Wire.PING_FRAME);
            assertEquals(Wire.PONG_FRAME, ann.nextRaw());
        }
        say(ann, "one too many", "m1");
        JsonNode refused = ann.assertError("rate_limited");
        assertEquals("m1", refused.path("clientMsgId").asText());
        room.onText("c1", Wire.PING_FRAME);
        ann.assertError("rate_limited");

        clock.advance(200); // 5 per second: one token
        say(ann, "now it fits", "m1");
        assertEquals("now it fits", ann.next("message").path("data").asText());
        assertNull(ann.closedWith);
    }

    @Test
    void sustainedAbuseIsClosedWith4008AndOthersCarryOn() {
        RecordingConnection other = loggedIn("o", "secret-openid-000-o", "Other");
        RecordingConnection flood = loggedIn("f", "secret-openid-000-f", "Flood");
        other.next("join");
        for (int i = 0; i < 19 + 50; i++) {
            room.onText("f", Wire.PING_FRAME);
        }
        assertNull(flood.closedWith, "50 refusals are still answered");
        room.onText("f", Wire.PING_FRAME);
        assertEquals(4008, flood.closedWith);
        assertEquals("Flood", other.next("leave").path("userName").asText());
        room.onText("o", Wire.PING_FRAME);
        assertEquals(Wire.PONG_FRAME, other.nextRaw());
    }

    @Test
    void aSixthConnectionOfOneUserIsRefusedWith4002() {
        for (int i = 1; i <= 5; i++) {
            loggedIn("tab" + i, "secret-openid-000-many", "Many");
        }
        RecordingConnection sixth = connect("tab6");
        room.onText("tab6", login("secret-openid-000-many", "Many"));
        sixth.assertError("too_many_connections");
        assertEquals(4002, sixth.closedWith);
        assertEquals(5, room.connectionCount());
        room.onClose("tab1", 1000, "");
        RecordingConnection again = connect("tab7");
        room.onText("tab7", login("secret-openid-000-many", "Many"));
        again.next("login");
    }

    @Test
    void connectionsOverTheGlobalCapAreToldToTryAgainLater() {
        room.close();
        room = newRoom(new RoomSettings(15_000, 10_000, 3, 5, 2, 5, 20, 5, 1 << 20, 4, 10, 1));
        connect("a");
        connect("b");
        RecordingConnection third = connect("c");
        assertEquals(1013, third.closedWith);
        assertEquals(2, room.connectionCount());
    }

    @Test
    void anAddressOverItsLimitIsClosedWith4004AndOtherAddressesAreNotAffected() {
        room.close();
        room = newRoom(new RoomSettings(15_000, 10_000, 3, 5, 100, 5, 20, 5, 1 << 20, 4, 10, 1));
        // 10 open per address, a burst of 10 connects, then one a second
        for (int i = 0; i < 10; i++) {
            connect("a" + i, "10.0.0.1"); // never logged in: they count all the same
        }
        RecordingConnection eleventh = connect("a10", "10.0.0.1");
        assertEquals(4004, eleventh.closedWith);
        RecordingConnection other = connect("b", "10.0.0.2");
        assertNull(other.closedWith);
        room.onText("b", login("secret-openid-000-other", "Other"));
        other.next("login");

        room.onClose("a0", 1000, "");
        RecordingConnection tooFast = connect("a11", "10.0.0.1");
        assertEquals(4004, tooFast.closedWith, "a slot is free, but the burst is spent");
        clock.advance(1_000);
        RecordingConnection later = connect("a12", "10.0.0.1");
        assertNull(later.closedWith);
        assertEquals(11, room.connectionCount());
    }

    /** An in-memory store that can be switched off, like a locked or full disk. */
    static final class SwitchableStore extends ForwardingMessageStore {
        volatile boolean down;

        @Override
        public List<Stored> append(List<NewMessage> batch) throws StoreException {
            if (down) {
                throw new StoreException("database is locked", null);
            }
            return super.append(batch);
        }
    }

    @Test
    void whenTheStoreFailsTheSenderIsToldAndNothingIsBroadcastThenItRecovers() {
        room.close();
        SwitchableStore switchable = new SwitchableStore();
        store = switchable;
        room = newRoom(SETTINGS);
        RecordingConnection ann = loggedIn("c1", "secret-openid-000-1", "Ann");
        RecordingConnection bob = loggedIn("c2", "secret-openid-000-2", "Bob");
        ann.next("join");

        switchable.down = true;
        say(ann, "lost?", "k1");
        JsonNode error = ann.assertError("store_unavailable");
        assertEquals("k1", error.path("clientMsgId").asText());

        switchable.down = false;
        say(ann, "lost?", "k1"); // the client's retry
        JsonNode stored = bob.next("message");
        assertEquals(1, stored.path("seq").asLong(), "nothing unstored was broadcast before");
        assertEquals(stored, ann.next("message"));
    }

    @Test
    void closingStoresWhatIsQueuedThenClosesEveryoneWith1012() throws Exception {
        RecordingConnection ann = loggedIn("c1", "secret-openid-000-1", "Ann");
        for (int i = 0; i < 10; i++) {
            say(ann, "m" + i, "k" + i);
        }
        room.close();
        assertEquals(10, store.lastSeq(Rooms.LOBBY), "everything accepted before the close was stored");
        assertEquals(1012, ann.closedWith);
        RecordingConnection late = connect("late");
        assertEquals(1012, late.closedWith);
        assertEquals(0, room.connectionCount());
    }
}
