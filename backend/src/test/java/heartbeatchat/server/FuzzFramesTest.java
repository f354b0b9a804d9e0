package heartbeatchat.server;

import heartbeatchat.server.it.FuzzFrames;
import heartbeatchat.shared.protocol.ClientFrame;
import org.junit.jupiter.api.RepeatedTest;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The fuzzer's frames, read by the server's own parser: none is a login or a chat message, whatever
 * the seed, so {@code FuzzIT} can never log in or post by accident.
 */
class FuzzFramesTest {
    private static final int FRAMES = 20_000;

    @RepeatedTest(5)
    void noGeneratedFrameIsAValidLoginOrMessage() {
        long seed = System.nanoTime();
        FuzzFrames frames = new FuzzFrames(seed);
        ClientFrameCodec reader = new JsonCodec().reader();
        for (int i = 0; i < FRAMES; i++) {
            String frame = frames.next();
            ClientFrame read = reader.decode(frame);
            assertFalse(read instanceof ClientFrame.Login || read instanceof ClientFrame.Chat,
                    "seed " + seed + ", frame " + i + " is valid: " + frame);
        }
    }
}
