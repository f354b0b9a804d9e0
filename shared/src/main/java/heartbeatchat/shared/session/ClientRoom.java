package heartbeatchat.shared.session;

import heartbeatchat.shared.time.Cancellable;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the page knows of one room. Only {@link ChatSession} changes it. */
public final class ClientRoom {
    final String id;
    String name;
    boolean direct;
    String withUserId;
    String withUserName;
    int members;
    /** The highest seq shown in this room, -1 before any: a message at or below it is a repeat. */
    long lastShown = -1;
    /** The highest seq the server has announced (entry or message). */
    long latest;
    /** The user's own read position. */
    long read;
    /** The highest read position this page has reported to the server. */
    long reported;
    /** The seq of the user's own latest message here, 0 when none. */
    long myLatest;
    final Map<String, Long> reads = new HashMap<>();
    /** Who is typing, by user id: their name, and the timer that forgets them. */
    final Map<String, String> typingNames = new LinkedHashMap<>();
    final Map<String, Cancellable> typingExpiry = new HashMap<>();

    ClientRoom(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public boolean direct() {
        return direct;
    }

    public String withUserId() {
        return withUserId;
    }

    /** What the room list shows: the room's name, or the other user's for a direct conversation. */
    public String title() {
        return direct ? (withUserName == null ? "Direct conversation" : withUserName) : name;
    }

    public int members() {
        return members;
    }

    public long unread() {
        return Math.max(0, latest - read);
    }

    public long lastShown() {
        return lastShown;
    }
}
