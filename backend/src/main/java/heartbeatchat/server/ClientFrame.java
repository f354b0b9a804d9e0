package heartbeatchat.server;

import heartbeatchat.shared.protocol.ErrorCode;
import heartbeatchat.shared.protocol.LoginRequest;

/** A frame from a client after parsing and validation. */
sealed interface ClientFrame {
    /** {@code {"type":"check",…}}: answered with a pong at once. */
    record Check() implements ClientFrame {
    }

    /** A well-formed login; the name is already trimmed. */
    record Login(LoginRequest request) implements ClientFrame {
    }

    /** {@code {"type":"history","before":seq}}: the page of the room's messages just before {@code before}. */
    record History(String room, long before) implements ClientFrame {
    }

    /** A well-formed chat message; {@code clientMsgId} is null when the client gave none. */
    record Chat(String data, String clientMsgId) implements ClientFrame {
    }

    /**
     * Anything else: answered with an error frame, the connection stays open. {@code clientMsgId}
     * is the refused message's id when it had a usable one, so the client knows which it was.
     */
    record Invalid(ErrorCode code, String message, String clientMsgId) implements ClientFrame {
    }
}
