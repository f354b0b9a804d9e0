package heartbeatchat.server.store;

import heartbeatchat.shared.protocol.Rooms;
import heartbeatchat.shared.protocol.ChatMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every {@link MessageStore} does; each implementation's test extends this. */
abstract class MessageStoreContract {
    protected MessageStore store;

    protected abstract MessageStore create() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = create();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    static NewMessage msg(String user, String data, String clientMsgId) {
        return new NewMessage(Rooms.LOBBY, 1_700_000_000_000L, user, user + "-name", "🐼", data, clientMsgId);
    }

    @Test
    void anEmptyStoreHasAnIdentity() throws Exception {
        assertEquals(0, store.lastSeq(Rooms.LOBBY));
        assertEquals(32, store.serverSecret().length);
        assertFalse(store.epoch().isEmpty());
    }

    @Test
    void messagesGetConsecutiveSeqsInOrder() throws Exception {
        List<Stored> first = store.append(List.of(msg("u1", "a", "c1"), msg("u2", "b", null)));
        List<Stored> second = store.append(List.of(msg("u1", "c", "c2")));
        assertEquals(List.of(1L, 2L), first.stream().map(s -> s.message().seq()).toList());
        assertEquals(3L, second.get(0).message().seq());
        assertEquals(3, store.lastSeq(Rooms.LOBBY));
        ChatMessage m = second.get(0).message();
        assertEquals(new ChatMessage(Rooms.LOBBY, 3, 1_700_000_000_000L, "u1", "u1-name", "🐼", "c", "c2"), m);
        assertEquals(List.of("a", "b", "c"), store.latest(Rooms.LOBBY, 10).stream().map(ChatMessage::data).toList());
        assertEquals(List.of("b", "c"), store.latest(Rooms.LOBBY, 2).stream().map(ChatMessage::data).toList());
    }

    @Test
    void aRepeatedClientMsgIdOfTheSameUserIsStoredOnceAndAnswersWithTheOriginal() throws Exception {
        Stored original = store.append(List.of(msg("u1", "hello", "same"))).get(0);
        List<Stored> retry = store.append(List.of(msg("u1", "hello again", "same"), msg("u2", "other user", "same"),
                msg("u1", "twice in one batch", "new"), msg("u1", "twice in one batch", "new")));

        assertTrue(retry.get(0).duplicate());
        assertEquals(original.message(), retry.get(0).message());
        assertFalse(retry.get(1).duplicate(), "another user's id is another message");
        assertFalse(retry.get(2).duplicate());
        assertTrue(retry.get(3).duplicate());
        assertEquals(retry.get(2).message(), retry.get(3).message());
        assertEquals(3, store.lastSeq(Rooms.LOBBY));
        assertEquals(3, store.latest(Rooms.LOBBY, 10).size());
    }

    @Test
    void messagesWithoutClientMsgIdAreNeverDuplicates() throws Exception {
        store.append(List.of(msg("u1", "x", null), msg("u1", "x", null)));
        assertEquals(2, store.lastSeq(Rooms.LOBBY));
    }

    static NewMessage in(String roomId, String user, String data, String clientMsgId) {
        return new NewMessage(roomId, 1_700_000_000_000L, user, user + "-name", "🐼", data, clientMsgId);
    }

    @Test
    void everyRoomCountsItsOwnSeqsFromOne() throws Exception {
        List<Stored> stored = store.append(List.of(in("lobby", "u1", "l1", null), in("r-a", "u1", "a1", null),
                in("r-a", "u2", "a2", null), in("dm-x", "u2", "d1", null), in("lobby", "u2", "l2", null)));
        assertEquals(List.of(1L, 1L, 2L, 1L, 2L), stored.stream().map(s -> s.message().seq()).toList());
        store.append(List.of(in("r-a", "u1", "a3", null)));
        assertEquals(2, store.lastSeq("lobby"));
        assertEquals(3, store.lastSeq("r-a"));
        assertEquals(1, store.lastSeq("dm-x"));
        assertEquals(0, store.lastSeq("no-such-room"));
        assertEquals(List.of("a1", "a2", "a3"), store.latest("r-a", 10).stream().map(ChatMessage::data).toList());
        assertEquals(List.of("l1", "l2"), store.latest("lobby", 10).stream().map(ChatMessage::data).toList());
        assertEquals(List.of(), store.latest("no-such-room", 10));
    }

    @Test
    void pagesBeforeASeqGoBackToTheRoomsBeginning() throws Exception {
        for (int i = 1; i <= 7; i++) {
            store.append(List.of(in("r-a", "u1", "a" + i, null), in("r-b", "u1", "b" + i, null)));
        }
        assertEquals(List.of(5L, 6L, 7L), store.latest("r-a", 3).stream().map(ChatMessage::seq).toList());
        assertEquals(List.of("a2", "a3", "a4"), store.before("r-a", 5, 3).stream().map(ChatMessage::data).toList());
        assertEquals(List.of("a1"), store.before("r-a", 2, 3).stream().map(ChatMessage::data).toList());
        assertEquals(List.of(), store.before("r-a", 1, 3), "nothing before the first");
        assertEquals(List.of("a5", "a6", "a7"), store.before("r-a", 100, 3).stream().map(ChatMessage::data).toList());
        assertEquals(List.of(), store.before("no-such-room", 5, 3));
    }

    @Test
    void aRetryIsRecognisedWhateverRoomItNames() throws Exception {
        Stored original = store.append(List.of(in("r-a", "u1", "hello", "same"))).get(0);
        Stored retry = store.append(List.of(in("r-b", "u1", "hello", "same"))).get(0);
        assertTrue(retry.duplicate());
        assertEquals(original.message(), retry.message());
        assertEquals(0, store.lastSeq("r-b"));
    }

    @Test
    void theSecretIsACopy() {
        byte[] s = store.serverSecret();
        s[0]++;
        assertFalse(java.util.Arrays.equals(s, store.serverSecret()));
        assertArrayEquals(store.serverSecret(), store.serverSecret());
    }

    @Test
    void messagesAfterASeqAndEveryRoomsLastSeqAreWhatAGapIsFilledWith() throws Exception {
        for (int i = 1; i <= 5; i++) {
            store.append(List.of(new NewMessage("r1", i, "u1", "Ann", "", "m" + i, null)));
        }
        store.append(List.of(new NewMessage("r2", 9, "u1", "Ann", "", "other", null)));
        assertEquals(List.of(3L, 4L), store.after("r1", 2, 2).stream().map(ChatMessage::seq).toList());
        assertEquals(List.of(5L), store.after("r1", 4, 10).stream().map(ChatMessage::seq).toList());
        assertEquals(List.of(), store.after("r1", 5, 10));
        assertEquals(java.util.Map.of("r1", 5L, "r2", 1L, "r3", 0L), store.lastSeqs(List.of("r1", "r2", "r3")));
    }
}
