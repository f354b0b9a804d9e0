package heartbeatchat.shared.protocol;

/**
 * The codec port of {@link ServerFrame}s: the server implements both sides with Jackson (the encoder
 * for every frame it sends, the decoder for the tests' clients and the round trip that proves the two
 * agree), the page the decoder with the browser's own {@code JSON} through JSO.
 */
public final class ServerFrames {
    private ServerFrames() {
    }

    /** A frame as the JSON text that goes on the wire. */
    public interface Encoder {
        String encode(ServerFrame frame);
    }

    /**
     * The JSON text of a frame as a frame; never throws. What is not a frame this client can use
     * (not JSON, an unknown type, a missing field) is {@link ServerFrame.Unknown}.
     */
    public interface Decoder {
        ServerFrame decode(String text);
    }
}
