package heartbeatchat.shared.protocol;

import java.util.List;

/**
 * The frames the server sends, each a type: what the server's {@link ServerFrames.Encoder} writes
 * and the page's {@link ServerFrames.Decoder} reads back. The names on the wire are {@link Wire}'s.
 * The heartbeat's pong is not one of them: it is the fixed {@link Wire#PONG_FRAME}, spotted by the
 * connection before any decoding.
 */
public sealed interface ServerFrame {
    /**
     * {@code {"type":"login","ok":true,…}}: the answer to a login. {@code history} is what the lobby
     * missed (or its latest page); {@code rooms} is null unless the login named rooms.
     *
     * @param users      the online users, at most the presence limit
     * @param usersTotal how many are online in all
     */
    record LoginReply(String userId, String epoch, boolean gapTooLarge, List<UserInfo> users, int usersTotal,
                      List<RoomEntry> rooms, List<ChatMessage> history) implements ServerFrame {
    }

    /** {@code {"type":"message",…}}: a stored chat message, to every member of its room. */
    record Message(ChatMessage message) implements ServerFrame {
    }

    /** {@code {"type":"join",user…,"time"}}: a user came online (their first connection). */
    record UserJoined(UserInfo user, long time) implements ServerFrame {
    }

    /** {@code {"type":"leave",user…,"time"}}: a user went offline (their last connection closed). */
    record UserLeft(UserInfo user, long time) implements ServerFrame {
    }

    /**
     * {@code {"type":"error","code","message","clientMsgId"}}: a frame was refused; the connection stays
     * open. {@code code} is as it came ({@link ErrorCode#of} tells whether this client knows it);
     * {@code clientMsgId} names the refused message, or is null when the refusal was not of one.
     */
    record Error(String code, String message, String clientMsgId) implements ServerFrame {
    }

    /** {@code {"type":"history","room","before","messages","complete"}}: a page of older messages, oldest first. */
    record HistoryPage(String room, long before, List<ChatMessage> messages, boolean complete) implements ServerFrame {
    }

    /** {@code {"type":"room",entry…}}: the user is in this room now (created, joined or opened it, here or in another tab). */
    record Room(RoomEntry entry) implements ServerFrame {
    }

    /** {@code {"type":"rooms","rooms":[…]}}: the lobby and the public rooms. */
    record RoomList(List<RoomSummary> rooms) implements ServerFrame {
    }

    /** {@code {"type":"members","room","members"}}: a room's member count changed. */
    record Members(String room, int members) implements ServerFrame {
    }

    /** {@code {"type":"left","room"}}: the user left the room (here or in another tab). */
    record RoomLeft(String room) implements ServerFrame {
    }

    /** {@code {"type":"typing","room",user…}}: someone is typing in the room. */
    record Typing(String room, UserInfo user) implements ServerFrame {
    }

    /** {@code {"type":"read","room","userId","seq"}}: a member (or the user, in another tab) has read the room up to {@code seq}. */
    record Read(String room, String userId, long seq) implements ServerFrame {
    }

    /**
     * A frame this client does not know, or one missing a field it needs: ignored, as the protocol
     * asks of clients. {@code type} is the frame's type, or null when it had none.
     */
    record Unknown(String type) implements ServerFrame {
    }
}
