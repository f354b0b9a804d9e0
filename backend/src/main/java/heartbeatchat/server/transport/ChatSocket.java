package heartbeatchat.server.transport;

import heartbeatchat.shared.protocol.CloseCode;
import heartbeatchat.shared.protocol.Wire;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Utf8StringBuilder;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.WebSocketCoreSession;
import org.eclipse.jetty.websocket.core.exception.BadPayloadException;
import org.eclipse.jetty.websocket.core.exception.CloseException;
import org.eclipse.jetty.websocket.core.exception.MessageTooLargeException;
import org.eclipse.jetty.websocket.core.exception.ProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads one WebSocket for the chat ({@link ConnectionEvents}), on Jetty's core WebSocket layer:
 * whole text messages (fragments put together, UTF-8 checked, at most the session's text message
 * size), an answer to every protocol ping, the pongs that answer the chat's pings, and the close.
 * Nothing of the HTTP upgrade request is kept. Binary messages are refused with 1003: the protocol
 * is JSON text.
 */
final class ChatSocket implements FrameHandler {
    private static final Logger log = LoggerFactory.getLogger(ChatSocket.class);
    /** The heartbeat's bytes: a ping is recognized without decoding it (compared, never changed). */
    private static final ByteBuffer PING = ByteBuffer.wrap(Wire.PING_FRAME.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();

    private final String id;
    private final ConnectionEvents chat;
    private final long maxPendingBytes;
    /** The client's address: the peer's own, or the one a trusted proxy forwarded. */
    private final String clientAddress;
    private final boolean forwarded;
    private CoreSession session;
    private JettyConnection connection;
    /** Only while a fragmented text message is arriving; most messages are one frame. */
    private Utf8StringBuilder fragments;
    private long fragmentBytes;

    ChatSocket(String id, ConnectionEvents chat, long maxPendingBytes, String clientAddress, boolean forwarded) {
        this.id = id;
        this.chat = chat;
        this.maxPendingBytes = maxPendingBytes;
        this.clientAddress = clientAddress;
        this.forwarded = forwarded;
    }

    @Override
    public void onOpen(CoreSession session, Callback callback) {
        this.session = session;
        callback.succeeded(); // the session is open from here, so the room may send or close at once
        // every frame goes to the socket through one SocketWriter: ours, and the close frames Jetty's session writes
        EndPoint endPoint = ((WebSocketCoreSession) session).getConnection().getEndPoint();
        connection = new JettyConnection(id, session, endPoint, maxPendingBytes);
        chat.onConnect(connection, forwarded ? clientAddress + " via " + session.getRemoteAddress()
                : session.getRemoteAddress(), clientAddress);
        session.demand();
    }

    @Override
    public void onFrame(Frame frame, Callback callback) {
        switch (frame.getOpCode()) {
            case OpCode.TEXT, OpCode.CONTINUATION -> onText(frame, callback);
            case OpCode.PING -> {
                connection.pong(frame.getPayload());
                callback.succeeded();
                session.demand();
            }
            case OpCode.PONG -> {
                chat.onPong(id);
                callback.succeeded();
                session.demand();
            }
            case OpCode.CLOSE -> callback.succeeded(); // Jetty answers it and then reports onClosed
            case OpCode.BINARY -> callback.failed(new CloseException(CloseCode.UNSUPPORTED_DATA.code(),
                    "binary frames are not part of the protocol; send JSON text"));
            default -> callback.failed(new ProtocolException("unexpected opcode " + frame.getOpCode()));
        }
    }

    private void onText(Frame frame, Callback callback) {
        String message;
        try {
            message = assemble(frame);
        } catch (Throwable failure) {
            fragments = null;
            callback.failed(failure); // Jetty closes with the failure's code: 1009 too big, 1007 not UTF-8
            return;
        }
        callback.succeeded(); // the payload was copied; Jetty may reuse its buffer
        if (message != null) {
            try {
                chat.onText(id, message);
            } catch (RuntimeException e) {
                log.error("handling a frame from {} failed", id, e);
                connection.close(CloseCode.SERVER_ERROR.code(), "server error");
                return;
            }
        }
        session.demand();
    }

    /** The whole message once its last frame is in, or null while more fragments are to come. */
    private String assemble(Frame frame) throws MessageTooLargeException, BadPayloadException {
        long max = session.getMaxTextMessageSize();
        if (frame.getOpCode() == OpCode.TEXT && frame.isFin()) {
            if (frame.getPayloadLength() > max) {
                throw new MessageTooLargeException("text message larger than " + max + " bytes");
            }
            if (PING.equals(frame.getPayload())) {
                return Wire.PING_FRAME;
            }
            Utf8StringBuilder whole = new Utf8StringBuilder(frame.getPayloadLength());
            whole.append(frame.getPayload());
            return whole.takeCompleteString(BadPayloadException.InvalidUtf8::new);
        }
        if (frame.getOpCode() == OpCode.TEXT) {
            fragments = new Utf8StringBuilder();
            fragmentBytes = 0;
        } else if (fragments == null) {
            throw new ProtocolException("continuation of a message that was never started");
        }
        fragmentBytes += frame.getPayloadLength();
        if (fragmentBytes > max) {
            throw new MessageTooLargeException("text message larger than " + max + " bytes");
        }
        fragments.append(frame.getPayload());
        if (fragments.hasCodingErrors()) {
            throw new BadPayloadException.InvalidUtf8();
        }
        if (!frame.isFin()) {
            return null;
        }
        String message = fragments.takeCompleteString(BadPayloadException.InvalidUtf8::new);
        fragments = null;
        return message;
    }

    @Override
    public void onError(Throwable cause, Callback callback) {
        log.debug("socket {} error: {}", id, cause.toString());
        callback.succeeded();
    }

    @Override
    public void onClosed(CloseStatus status, Callback callback) {
        fragments = null;
        if (connection != null && connection.wasCutOff()) { // dropped as well, so the status is Jetty's abnormal close
            chat.onClose(id, CloseCode.SLOW_CONSUMER.code(), "slow consumer");
        } else {
            chat.onClose(id, status.getCode(), status.getReason());
        }
        callback.succeeded();
    }
}
