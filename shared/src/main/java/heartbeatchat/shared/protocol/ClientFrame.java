package heartbeatchat.shared.protocol;

/**
 * The frames a client sends, each a type: what the page builds and {@link ClientFrames.Encoder}
 * writes, and what the server's {@link ClientFrames.Decoder} reads back after validation. The names
 * on the wire are {@link Wire}'s.
 */
public sealed interface ClientFrame {
    /** {@code {"type":"check",…}}: answered with a pong at once. */
    record Check() implements ClientFrame {
    }

    /** A well-formed login; the name is already trimmed. */
    record Login(LoginRequest request) implements ClientFrame {
    }

    /** {@code {"type":"history","before":seq}}: the page of the room's messages just before {@code before}. */
    record History(String room, long before) implements ClientFrame {
    }

    /** A well-formed chat message for a room (the lobby when none was named); {@code clientMsgId} is null when the client gave none. */
    record Chat(String room, String data, String clientMsgId) implements ClientFrame {
    }

    /** {@code {"type":"rooms"}}: the list of public rooms. */
    record ListRooms() implements ClientFrame {
    }

    /** {@code {"type":"createRoom","name"}}; the name is trimmed, not yet checked against the limits. */
    record CreateRoom(String name) implements ClientFrame {
    }

    /** {@code {"type":"joinRoom","room"}}. */
    record JoinRoom(String room) implements ClientFrame {
    }

    /** {@code {"type":"leaveRoom","room"}}. */
    record LeaveRoom(String room) implements ClientFrame {
    }

    /** {@code {"type":"openDirect","userId"}}: the direct conversation with that user. */
    record OpenDirect(String userId) implements ClientFrame {
    }

    /** {@code {"type":"typing","room"}}: the user is typing there; relayed, never stored. */
    record Typing(String room) implements ClientFrame {
    }

    /** {@code {"type":"read","room","seq"}}: the client has shown the room up to {@code seq}. */
    record Read(String room, long seq) implements ClientFrame {
    }

    /**
     * Anything else: answered with an error frame, the connection stays open. {@code clientMsgId}
     * is the refused message's id when it had a usable one, so the client knows which it was.
     */
    record Invalid(ErrorCode code, String message, String clientMsgId) implements ClientFrame {
    }
}
