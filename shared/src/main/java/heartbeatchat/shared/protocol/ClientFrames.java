package heartbeatchat.shared.protocol;

/**
 * The codec port of {@link ClientFrame}s: the browser implements the encoder with its own
 * {@code JSON} through JSO, the server both with Jackson (the decoder validating every field and
 * never throwing: what it cannot accept becomes {@link ClientFrame.Invalid}).
 */
public final class ClientFrames {
    private ClientFrames() {
    }

    /** A frame as the JSON text that goes on the wire. */
    public interface Encoder {
        String encode(ClientFrame frame);
    }

    /** The JSON text of a frame as a validated frame, or {@link ClientFrame.Invalid} saying what is wrong. */
    public interface Decoder {
        ClientFrame decode(String text);
    }
}
