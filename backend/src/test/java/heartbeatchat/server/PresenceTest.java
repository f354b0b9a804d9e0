package heartbeatchat.server;

import heartbeatchat.shared.protocol.UserInfo;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PresenceTest {
    private final Presence presence = new Presence(2, 2, new JsonCodec().writer());
    private final UserInfo ann = new UserInfo("ann", "Ann", "🦊");
    private final UserInfo bob = new UserInfo("bob", "Bob", "🐼");
    private final UserInfo cid = new UserInfo("cid", "Cid", "🐱");

    @Test
    void aUserJoinsWithTheFirstConnectionAndLeavesWithTheLast() {
        assertEquals(new Presence.Arrival(false, true, true), presence.arrive(ann, "c1"));
        assertEquals(new Presence.Arrival(false, false, false), presence.arrive(ann, "c2"), "a second tab");
        assertEquals(Presence.Arrival.REFUSED, presence.arrive(ann, "c3"), "at most two connections each");
        assertNull(presence.depart("ann", "c1"), "still online in the other tab");
        assertEquals(ann, presence.depart("ann", "c2"));
        assertNull(presence.depart("ann", "c2"), "a second close of the same connection");
        assertEquals(0, presence.count());
    }

    @Test
    void beyondTheLimitArrivalsAndDeparturesAreNotAnnouncedAndThePageHoldsTheFirst() {
        presence.arrive(ann, "a");
        presence.arrive(bob, "b");
        assertFalse(presence.arrive(cid, "c").announce(), "a third user, over the limit of two");
        assertEquals(List.of(ann, bob, cid), presence.users());
        byte[] page = presence.usersUtf8();
        String text = new String(page, java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(text.contains("\"Ann\"") && text.contains("\"Bob\"") && !text.contains("\"Cid\""), text);
        assertNull(presence.depart("cid", "c"), "leaving while over the limit is not announced");
        assertSame(page, presence.usersUtf8(), "an unlisted user leaving keeps the page");
        presence.arrive(new UserInfo("bob", "Robert", "🐼"), "b2");
        assertTrue(new String(presence.usersUtf8(), java.nio.charset.StandardCharsets.UTF_8).contains("\"Robert\""),
                "a listed user's new name rewrites it");
    }
}
