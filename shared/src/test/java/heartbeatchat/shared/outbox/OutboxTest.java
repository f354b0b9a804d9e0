package heartbeatchat.shared.outbox;

import heartbeatchat.shared.protocol.TokenBucket;
import heartbeatchat.shared.testing.FakeClock;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class OutboxTest {
    private final FakeClock clock = new FakeClock();
    private final List<String> sent = new ArrayList<>();
    private final List<String> sentRooms = new ArrayList<>();
    private List<OutboxEntry> saved = List.of();
    private boolean socketOpen = true;

    private Outbox outbox(List<OutboxEntry> restored) {
        return new Outbox(clock, new TokenBucket(clock, 15, 4), 2_000, new Outbox.Port() {
            @Override
            public boolean send(OutboxEntry entry) {
                if (!socketOpen) {
                    return false;
                }
                sent.add(entry.clientMsgId());
                sentRooms.add(entry.room());
                return true;
            }

            @Override
            public void save(List<OutboxEntry> entries) {
                saved = entries;
            }
        }, restored);
    }

    private static List<String> ids(List<OutboxEntry> entries) {
        return entries.stream().map(OutboxEntry::clientMsgId).toList();
    }

    @Test
    void whatIsTypedOfflineIsKeptAndSentInOrderAfterTheLogin() {
        Outbox o = outbox(List.of());
        o.add("a", "lobby", "first");
        o.add("b", "lobby", "second");
        assertEquals(List.of(), sent);
        assertEquals(List.of("a", "b"), ids(saved), "kept for a reload");

        o.onLoggedIn();
        assertEquals(List.of("a", "b"), sent);
        o.add("c", "lobby", "third");
        assertEquals(List.of("a", "b", "c"), sent, "sent at once while logged in");
    }

    @Test
    void anEntryLeavesOnlyWhenConfirmedAndIsResentAfterEveryNewLogin() {
        Outbox o = outbox(List.of());
        o.onLoggedIn();
        o.add("a", "lobby", "x");
        o.add("b", "lobby", "y");
        assertEquals(true, o.confirm("a"));
        assertEquals(false, o.confirm("a"));
        assertEquals(List.of("b"), ids(saved));

        o.onDisconnected();
        o.add("c", "lobby", "z");
        assertEquals(List.of("a", "b"), sent);
        o.onLoggedIn();
        assertEquals(List.of("a", "b", "b", "c"), sent, "b was never confirmed, so it goes again, before c");
    }

    @Test
    void entriesRestoredFromAReloadAreSentAfterTheFirstLoginEachToItsRoom() {
        Outbox o = outbox(List.of(new OutboxEntry("old1", "lobby", "typed before the reload"),
                new OutboxEntry("old2", "r-ops", "too")));
        assertEquals(List.of(), sent);
        o.onLoggedIn();
        assertEquals(List.of("old1", "old2"), sent);
        assertEquals(List.of("lobby", "r-ops"), sentRooms, "each still for the room it was typed in");
    }

    @Test
    void aLongOutboxIsPacedBelowTheServersRateLimit() {
        Outbox o = outbox(List.of());
        for (int i = 0; i < 20; i++) {
            o.add("m" + i, "lobby", "text");
        }
        o.onLoggedIn();
        assertEquals(15, sent.size(), "the burst");
        assertEquals(List.of(250L), clock.pendingDelays());
        clock.advance(249);
        assertEquals(15, sent.size());
        clock.advance(1);
        assertEquals(16, sent.size());
        clock.advance(1_000);
        assertEquals(20, sent.size());
        assertEquals("m19", sent.get(19));
        assertEquals(List.of(), clock.pendingDelays());
    }

    @Test
    void aTransientRefusalIsRetriedAfterTheDelay() {
        Outbox o = outbox(List.of());
        o.onLoggedIn();
        o.add("a", "lobby", "x");
        o.retryLater("a");
        assertEquals(List.of("a"), sent);
        clock.advance(1_999);
        assertEquals(List.of("a"), sent);
        clock.advance(1);
        assertEquals(List.of("a", "a"), sent);
        o.retryLater("zzz"); // an id that is not here changes nothing
        assertEquals(List.of(), clock.pendingDelays());
    }

    @Test
    void aRetryIsNotSentWhileDisconnected() {
        Outbox o = outbox(List.of());
        o.onLoggedIn();
        o.add("a", "lobby", "x");
        o.retryLater("a");
        o.onDisconnected();
        clock.advance(10_000);
        assertEquals(List.of("a"), sent);
        o.onLoggedIn();
        assertEquals(List.of("a", "a"), sent);
    }

    @Test
    void aPermanentRefusalDropsTheEntry() {
        Outbox o = outbox(List.of());
        o.add("a", "lobby", "x");
        assertEquals(new OutboxEntry("a", "lobby", "x"), o.reject("a"));
        assertNull(o.reject("a"));
        assertEquals(List.of(), o.pending());
        assertEquals(List.of(), saved);
    }

    @Test
    void aSocketThatIsGoneStopsSendingUntilTheNextLogin() {
        Outbox o = outbox(List.of());
        o.add("a", "lobby", "x");
        socketOpen = false;
        o.onLoggedIn();
        o.add("b", "lobby", "y");
        assertEquals(List.of(), sent);
        socketOpen = true;
        o.onLoggedIn();
        assertEquals(List.of("a", "b"), sent);
    }
}
