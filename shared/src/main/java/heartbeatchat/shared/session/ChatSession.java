package heartbeatchat.shared.session;

import heartbeatchat.shared.outbox.Outbox;
import heartbeatchat.shared.protocol.ChatMessage;
import heartbeatchat.shared.protocol.ErrorCode;
import heartbeatchat.shared.protocol.RoomEntry;
import heartbeatchat.shared.protocol.Rooms;
import heartbeatchat.shared.protocol.ServerFrame;
import heartbeatchat.shared.time.Cancellable;
import heartbeatchat.shared.time.Clock;
import heartbeatchat.shared.time.Scheduler;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The client's chat logic, apart from the page: the rooms it is in and which is open, where each
 * room stands in its sequence (what to show, what is a repeat, what to resume from), unread counts,
 * read positions and "Seen", typing, both ways, and what the server's answers mean for the
 * {@link Outbox} (a message's own broadcast confirms it, a transient refusal sends it again, any
 * other refuses it for good). Times come from a {@link Clock} and
 * {@link Scheduler}, so it is tested on a fake clock. Not thread-safe; one thread, like the page.
 *
 * <ul>
 *   <li>Typing: {@link #keyPressed()} sends {@code typing} at most once per {@link #TYPING_SEND_EVERY_MILLIS}
 *       while keys are pressed, and again at once after a message is sent. Someone else's typing shows
 *       until {@link #TYPING_SHOWN_MILLIS} after their last {@code typing}, or until their message arrives.</li>
 *   <li>Reads: what is shown in the open room while the page is visible is read. The position is
 *       reported at once, then at most once per {@link #READ_REPORT_EVERY_MILLIS} (the latest position
 *       when that time is up), so a busy room does not spend the rate limit on receipts.</li>
 * </ul>
 */
public final class ChatSession {
    public static final long TYPING_SEND_EVERY_MILLIS = 3_000;
    public static final long TYPING_SHOWN_MILLIS = 5_000;
    public static final long READ_REPORT_EVERY_MILLIS = 1_000;

    /** What the session asks of the page and the connection. */
    public interface Listener {
        /** Send {@code {"type":"typing","room"}}. */
        void sendTyping(String room);

        /** Send {@code {"type":"read","room","seq"}}. */
        void sendRead(String room, long seq);

        /** The room list changed: a room, its name or an unread count (and so the title). */
        void roomsChanged();

        /** Who is typing in the room changed. */
        void typingChanged(String room);

        /** A read position of someone else changed in the room ("Seen"). */
        void seenChanged(String room);
    }

    /**
     * What to do with one arriving message.
     *
     * @param confirmedPending it was one of the user's pending messages, and has left the outbox now
     */
    public record Arrival(boolean show, boolean mine, boolean confirmedPending, boolean inOpenRoom) {
    }

    /** What an error frame means for the page, and the words to show (empty for {@link ErrorKind#NONE}). */
    public record ErrorAnswer(ErrorKind kind, String text) {
    }

    /** What an error frame did. */
    public enum ErrorKind {
        /** A pending message was refused for now: it stays pending and goes again after a delay. */
        SENDING_AGAIN,
        /** A pending message was refused for good: it left the outbox; show it as not sent, with the reason. */
        FAILED,
        /** A room request (create, join, leave, open) was refused: show the reason beside the rooms. */
        ROOM_REFUSED,
        /** Anything else the server refused: show it as a notice. */
        NOTICE,
        /** A refusal of a message that is no longer pending (confirmed meanwhile): nothing to show. */
        NONE
    }

    /** What a login reply's epoch means for the page. */
    public enum EpochChange {
        /** The first login of this page: nothing shown yet belongs to another sequence. */
        FIRST,
        /** The same sequence: the reply carries what was missed. */
        SAME,
        /** The server's sequence started over: what is shown is from before. */
        RESET
    }

    private final Clock clock;
    private final Scheduler scheduler;
    private final Listener listener;
    private final Map<String, ClientRoom> rooms = new LinkedHashMap<>();
    private String myUserId;
    private String epoch;
    private String open = Rooms.LOBBY;
    private boolean visible = true;
    private long typingSentAt = Long.MIN_VALUE;
    private String typingSentIn;
    private Cancellable readTimer;
    private Outbox outbox;

    public ChatSession(Clock clock, Scheduler scheduler, Listener listener) {
        this.clock = clock;
        this.scheduler = scheduler;
        this.listener = listener;
        ClientRoom lobby = room(Rooms.LOBBY);
        lobby.name = Rooms.LOBBY_NAME;
    }

    private ClientRoom room(String id) {
        return rooms.computeIfAbsent(id, ClientRoom::new);
    }

    /** The outbox whose entries this session's arrivals and errors confirm, retry and refuse. */
    public void useOutbox(Outbox pending) {
        outbox = pending;
    }

    public String myUserId() {
        return myUserId;
    }

    /** The epoch the positions belong to, or null before the first login. */
    public String epoch() {
        return epoch;
    }

    /**
     * A reloaded page takes up where its saved lobby messages end: their epoch and the user's id.
     * Only before the first login.
     */
    public void restore(String savedEpoch, String savedUserId) {
        if (epoch == null) {
            epoch = savedEpoch;
            myUserId = savedUserId;
        }
    }

    public EpochChange onLoginReply(String userId, String replyEpoch) {
        myUserId = userId;
        if (replyEpoch == null || replyEpoch.equals(epoch)) {
            return epoch == null ? EpochChange.FIRST : EpochChange.SAME;
        }
        boolean first = epoch == null;
        epoch = replyEpoch;
        for (ClientRoom r : rooms.values()) {
            r.lastShown = -1;
            r.myLatest = 0;
        }
        return first ? EpochChange.FIRST : EpochChange.RESET;
    }

    /** A room the user is in, from the login reply or a {@code room} frame. */
    public void onRoom(RoomEntry e) {
        ClientRoom r = room(e.id());
        r.name = e.name();
        r.direct = e.direct();
        r.withUserId = e.with() == null ? null : e.with().userId();
        r.withUserName = e.with() == null ? null : e.with().userName();
        r.members = e.members();
        r.latest = Math.max(r.latest, e.lastSeq());
        r.read = Math.max(r.read, e.read());
        r.reported = Math.max(r.reported, e.read());
        e.reads().forEach((user, seq) -> r.reads.merge(user, seq, Math::max));
        listener.roomsChanged();
    }

    /** The room's member count changed. */
    public void onMembers(String roomId, int members) {
        ClientRoom r = rooms.get(roomId);
        if (r != null && !Rooms.LOBBY.equals(roomId)) {
            r.members = members;
            listener.roomsChanged();
        }
    }

    /** The user left the room (here or in another tab). The lobby is never left. */
    public void onLeft(String roomId) {
        if (!Rooms.LOBBY.equals(roomId) && rooms.remove(roomId) != null) {
            if (roomId.equals(open)) {
                open = Rooms.LOBBY;
            }
            listener.roomsChanged();
        }
    }

    /**
     * The rooms the session knows that a login reply's {@code rooms} no longer lists: the user left
     * them while this page was away (the lobby is never among them).
     */
    public List<String> roomsNotIn(List<RoomEntry> listed) {
        Set<String> ids = new HashSet<>();
        for (RoomEntry e : listed) {
            ids.add(e.id());
        }
        List<String> gone = new ArrayList<>();
        for (String id : rooms.keySet()) {
            if (!ids.contains(id) && !Rooms.LOBBY.equals(id)) {
                gone.add(id);
            }
        }
        return gone;
    }

    /** The login reply's missed messages are shown: the outbox sends what waits, in order, after them. */
    public void onResumed() {
        if (outbox != null) {
            outbox.onLoggedIn();
        }
    }

    /** The connection is gone: what was sent and not confirmed goes again after the next login. */
    public void onDisconnected() {
        if (outbox != null) {
            outbox.onDisconnected();
        }
    }

    /**
     * What an error frame means: for a message (it names its {@code clientMsgId}) a transient code
     * leaves it pending to go again, any other refuses it for good; without one, a room request's
     * refusal or a notice.
     */
    public ErrorAnswer onError(ServerFrame.Error e) {
        String reason = e.message() == null ? e.code() : e.message();
        if (e.clientMsgId() != null) {
            if (ErrorCode.sendAgainLater(e.code())) {
                if (outbox != null) {
                    outbox.retryLater(e.clientMsgId());
                }
                return new ErrorAnswer(ErrorKind.SENDING_AGAIN, "");
            }
            return outbox != null && outbox.reject(e.clientMsgId()) != null
                    ? new ErrorAnswer(ErrorKind.FAILED, reason) : new ErrorAnswer(ErrorKind.NONE, "");
        }
        ErrorCode code = ErrorCode.of(e.code());
        return new ErrorAnswer(code != null && code.refusesRoomRequest() ? ErrorKind.ROOM_REFUSED : ErrorKind.NOTICE,
                "Server: " + reason);
    }

    public Arrival onMessage(ChatMessage m) {
        String roomId = m.room();
        long seq = m.seq();
        String userId = m.userId();
        ClientRoom r = room(roomId);
        boolean mine = userId.equals(myUserId);
        boolean confirms = mine && m.clientMsgId() != null && outbox != null && outbox.confirm(m.clientMsgId());
        boolean inOpen = roomId.equals(open);
        if (seq <= r.lastShown) {
            return new Arrival(false, mine, confirms, inOpen);
        }
        r.lastShown = seq;
        r.latest = Math.max(r.latest, seq);
        if (mine) {
            r.myLatest = seq;
            r.read = Math.max(r.read, seq); // what one wrote, one has read
        }
        if (r.typingNames.remove(userId) != null) {
            r.typingExpiry.remove(userId).cancel();
            listener.typingChanged(roomId);
        }
        if (inOpen && visible) {
            markRead(r);
        }
        listener.roomsChanged();
        return new Arrival(true, mine, confirms, inOpen);
    }

    /** Opens a room; what it shows is read at once when the page is visible. */
    public void open(String roomId) {
        if (!rooms.containsKey(roomId)) {
            return;
        }
        open = roomId;
        if (visible) {
            markRead(rooms.get(roomId));
        }
        listener.roomsChanged();
    }

    public String openRoom() {
        return open;
    }

    public void setVisible(boolean isVisible) {
        visible = isVisible;
        if (visible) {
            markRead(rooms.get(open));
            listener.roomsChanged();
        }
    }

    /** Everything shown in the room is read: the position moves and is reported, at most once a second. */
    private void markRead(ClientRoom r) {
        if (r.lastShown > r.read) {
            r.read = r.lastShown;
        }
        if (r.read > r.reported && readTimer == null) {
            reportRead(r);
            readTimer = scheduler.schedule(this::onReadTimer, READ_REPORT_EVERY_MILLIS);
        }
    }

    private void reportRead(ClientRoom r) {
        r.reported = r.read;
        listener.sendRead(r.id, r.read);
    }

    private void onReadTimer() {
        readTimer = null;
        for (ClientRoom r : rooms.values()) {
            if (r.read > r.reported) {
                reportRead(r);
                readTimer = scheduler.schedule(this::onReadTimer, READ_REPORT_EVERY_MILLIS);
            }
        }
    }

    /** A read position from the server: one's own (another tab) or a member's. */
    public void onRead(String roomId, String userId, long seq) {
        ClientRoom r = rooms.get(roomId);
        if (r == null) {
            return;
        }
        if (userId.equals(myUserId)) {
            if (seq > r.read) {
                r.read = seq;
                r.reported = Math.max(r.reported, seq);
                listener.roomsChanged();
            }
        } else if (seq > r.reads.getOrDefault(userId, 0L)) {
            r.reads.put(userId, seq);
            listener.seenChanged(roomId);
        }
    }

    /** A key was pressed in the composer of the open room. */
    public void keyPressed() {
        long now = clock.nowMillis();
        if (!open.equals(typingSentIn) || now - typingSentAt >= TYPING_SEND_EVERY_MILLIS) {
            typingSentAt = now;
            typingSentIn = open;
            listener.sendTyping(open);
        }
    }

    /** The user sent a message: the next key announces typing again at once. */
    public void messageSent() {
        typingSentIn = null;
    }

    /** Someone else is typing in a room. */
    public void onTyping(String roomId, String userId, String userName) {
        ClientRoom r = rooms.get(roomId);
        if (r == null || userId.equals(myUserId)) {
            return;
        }
        Cancellable old = r.typingExpiry.remove(userId);
        if (old != null) {
            old.cancel();
        }
        boolean changed = !userName.equals(r.typingNames.put(userId, userName));
        r.typingExpiry.put(userId, scheduler.schedule(() -> {
            r.typingExpiry.remove(userId);
            r.typingNames.remove(userId);
            listener.typingChanged(roomId);
        }, TYPING_SHOWN_MILLIS));
        if (changed) {
            listener.typingChanged(roomId);
        }
    }

    /** The typing line of a room. */
    public String typingText(String roomId) {
        ClientRoom r = rooms.get(roomId);
        return r == null ? "" : TypingText.of(new ArrayList<>(r.typingNames.values()));
    }

    /** The seq of the user's own latest message in the room, under which "Seen" shows; 0 when none. */
    public long mySeenSeq(String roomId) {
        ClientRoom r = rooms.get(roomId);
        return r == null ? 0 : r.myLatest;
    }

    /**
     * What shows under the user's own latest message: in a direct conversation "Seen" once the
     * other has read it; in a room "Seen by N" for the N others who have; in the lobby (whose
     * receipts are not shared) and otherwise "".
     */
    public String seenText(String roomId) {
        ClientRoom r = rooms.get(roomId);
        if (r == null || r.myLatest == 0 || Rooms.LOBBY.equals(roomId)) {
            return "";
        }
        int seenBy = 0;
        for (Map.Entry<String, Long> e : r.reads.entrySet()) {
            if (!e.getKey().equals(myUserId) && e.getValue() >= r.myLatest) {
                seenBy++;
            }
        }
        if (seenBy == 0) {
            return "";
        }
        return r.direct ? "Seen" : "Seen by " + seenBy;
    }

    /** The rooms, the lobby first, in the order the page learned of them. */
    public List<ClientRoom> rooms() {
        return new ArrayList<>(rooms.values());
    }

    public ClientRoom roomState(String roomId) {
        return rooms.get(roomId);
    }

    /** Unread messages in every room: the page title's count. */
    public long totalUnread() {
        long total = 0;
        for (ClientRoom r : rooms.values()) {
            total += r.unread();
        }
        return total;
    }

    /** The login frame's {@code rooms}: each room with the last seq shown there (rooms with none shown are left out). */
    public Map<String, Long> resumePositions() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (ClientRoom r : rooms.values()) {
            if (r.lastShown >= 0) {
                out.put(r.id, r.lastShown);
            }
        }
        return out;
    }

    /** The last seq shown in the lobby, -1 before any: the login frame's {@code lastSeq}. */
    public long lobbyLastShown() {
        return rooms.get(Rooms.LOBBY).lastShown;
    }
}
