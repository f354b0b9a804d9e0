package heartbeatchat.client;

import heartbeatchat.shared.protocol.ChatMessage;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.browser.Storage;

import java.util.List;

/**
 * The last page of messages shown, kept in {@code localStorage} with the epoch and user id they
 * belong to, so a reload without a network still shows them (marked as saved on this device) and
 * a reload with one resumes after them instead of starting over. The messages are kept as the frames they came in.
 */
final class HistoryCache {
    private static final String KEY = "heartbeat-chat.history";
    /** As many as a login reply without {@code lastSeq} brings. */
    static final int KEPT = 100;

    private final Storage storage = Storage.getLocalStorage();
    private JSObject saved;

    /** What was saved: {@code {epoch, userId, frames}}, or null when nothing usable is. */
    JSObject load() {
        String text = storage.getItem(KEY);
        saved = text == null ? null : parse(text);
        return saved;
    }

    static String epoch(JSObject saved) {
        return Json.string(saved, "epoch");
    }

    static String userId(JSObject saved) {
        return Json.string(saved, "userId");
    }

    /** The saved messages, oldest first. */
    static List<ChatMessage> messages(JSObject saved) {
        return BrowserServerFrames.messages(Json.array(saved, "frames"));
    }

    /** Starts over for this epoch and user: what was kept belonged to another sequence. */
    void reset(String epoch, String userId) {
        saved = create(epoch, userId);
    }

    /** Keeps a message that was shown, dropping the oldest beyond {@link #KEPT}. */
    void add(ChatMessage m) {
        if (saved != null) {
            push(saved, BrowserServerFrames.messageFrame(m), KEPT);
        }
    }

    /** Writes what is kept; called at most about once a second. */
    void save() {
        if (saved != null) {
            storage.setItem(KEY, Json.stringify(saved));
        }
    }

    @JSBody(params = "text", script = "try { var v = JSON.parse(text);"
            + " return (v && typeof v.epoch === 'string' && typeof v.userId === 'string' && Array.isArray(v.frames))"
            + " ? v : null; } catch (e) { return null; }")
    private static native JSObject parse(String text);

    @JSBody(params = {"epoch", "userId"}, script = "return {epoch: epoch, userId: userId, frames: []};")
    private static native JSObject create(String epoch, String userId);

    @JSBody(params = {"saved", "frame", "kept"}, script = "saved.frames.push(frame);"
            + " if (saved.frames.length > kept) { saved.frames.splice(0, saved.frames.length - kept); }")
    private static native void push(JSObject saved, JSObject frame, int kept);
}
