package heartbeatchat.server.store;

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
        return new NewMessage(1_700_000_000_000L, user, user + "-name", "🐼", data, clientMsgId);
    }

    @Test
    void anEmptyStoreHasAnIdentity() {
        assertEquals(0, store.lastSeq());
        assertEquals(32, store.serverSecret().length);
        assertFalse(store.epoch().isEmpty());
    }

    @Test
    void messagesGetConsecutiveSeqsInOrder() throws Exception {
        List<Stored> first = store.append(List.of(msg("u1", "a", "c1"), msg("u2", "b", null)));
        List<Stored> second = store.append(List.of(msg("u1", "c", "c2")));
        assertEquals(List.of(1L, 2L), first.stream().map(s -> s.message().seq()).toList());
        assertEquals(3L, second.get(0).message().seq());
        assertEquals(3, store.lastSeq());
        ChatMessage m = second.get(0).message();
        assertEquals(new ChatMessage(3, 1_700_000_000_000L, "u1", "u1-name", "🐼", "c", "c2"), m);
        assertEquals(List.of("a", "b", "c"), store.latest(10).stream().map(ChatMessage::data).toList());
        assertEquals(List.of("b", "c"), store.latest(2).stream().map(ChatMessage::data).toList());
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
        assertEquals(3, store.lastSeq());
        assertEquals(3, store.latest(10).size());
    }

    @Test
    void messagesWithoutClientMsgIdAreNeverDuplicates() throws Exception {
        store.append(List.of(msg("u1", "x", null), msg("u1", "x", null)));
        assertEquals(2, store.lastSeq());
    }

    @Test
    void theSecretIsACopy() {
        byte[] s = store.serverSecret();
        s[0]++;
        assertFalse(java.util.Arrays.equals(s, store.serverSecret()));
        assertArrayEquals(store.serverSecret(), store.serverSecret());
    }
}
