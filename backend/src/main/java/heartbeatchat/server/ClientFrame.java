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

    /** A well-formed chat message. */
    record Chat(String data) implements ClientFrame {
    }

    /** Anything else: answered with an error frame, the connection stays open. */
    record Invalid(ErrorCode code, String message) implements ClientFrame {
    }
}
