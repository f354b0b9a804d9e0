package heartbeatchat.client;

import heartbeatchat.shared.outbox.OutboxEntry;
import heartbeatchat.shared.protocol.Rooms;
import org.teavm.jso.JSObject;
import org.teavm.jso.browser.Storage;

import java.util.ArrayList;
import java.util.List;

/** Keeps the outbox in {@code localStorage}, so what was typed survives a reload. */
final class OutboxStorage {
    private static final String KEY = "heartbeat-chat.outbox";
    private final Storage storage = Storage.getLocalStorage();

    List<OutboxEntry> load() {
        String text = storage.getItem(KEY);
        List<OutboxEntry> entries = new ArrayList<>();
        if (text == null) {
            return entries;
        }
        JSObject array = Json.parseArray(text);
        for (int i = 0; i < Json.length(array); i++) {
            JSObject item = Json.at(array, i);
            String id = item == null ? null : Json.string(item, "clientMsgId");
            String data = item == null ? null : Json.string(item, "data");
            String room = item == null ? null : Json.string(item, "room");
            if (id != null && data != null) {
                entries.add(new OutboxEntry(id, room == null ? Rooms.LOBBY : room, data)); // saved before rooms: the lobby's
            }
        }
        return entries;
    }

    void save(List<OutboxEntry> entries) {
        if (entries.isEmpty()) {
            storage.removeItem(KEY);
            return;
        }
        JSObject array = Json.newArray();
        for (OutboxEntry e : entries) {
            Json.pushEntry(array, e.clientMsgId(), e.room(), e.data());
        }
        storage.setItem(KEY, Json.stringify(array));
    }
}
