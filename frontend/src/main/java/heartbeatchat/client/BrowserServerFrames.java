package heartbeatchat.client;

import heartbeatchat.shared.protocol.ChatMessage;
import heartbeatchat.shared.protocol.RoomEntry;
import heartbeatchat.shared.protocol.RoomSummary;
import heartbeatchat.shared.protocol.Rooms;
import heartbeatchat.shared.protocol.ServerFrame;
import heartbeatchat.shared.protocol.ServerFrames;
import heartbeatchat.shared.protocol.UserInfo;
import heartbeatchat.shared.protocol.Wire;
import org.teavm.jso.JSObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The page's side of the {@link ServerFrames} port: frames read with the browser's own {@code JSON}.
 * They come from the network, so every field is checked for its JavaScript type; a frame missing
 * one the page needs is {@link ServerFrame.Unknown} and ignored, as is a type the page does not know.
 */
final class BrowserServerFrames implements ServerFrames.Decoder {
    @Override
    public ServerFrame decode(String text) {
        JSObject o = Json.parseObject(text);
        String type = o == null ? null : Json.string(o, Wire.TYPE);
        ServerFrame frame = type == null ? null : decode(type, o);
        return frame == null ? new ServerFrame.Unknown(type) : frame;
    }

    /** The frame, or null when a field it needs is missing. */
    private static ServerFrame decode(String type, JSObject o) {
        switch (type) {
            case Wire.TYPE_MESSAGE: {
                ChatMessage m = message(o);
                return m == null ? null : new ServerFrame.Message(m);
            }
            case Wire.TYPE_LOGIN:
                return loginReply(o);
            case Wire.TYPE_JOIN:
            case Wire.TYPE_LEAVE: {
                UserInfo u = user(o);
                long time = (long) orZero(Json.number(o, Wire.TIME));
                return u == null ? null : Wire.TYPE_JOIN.equals(type) ? new ServerFrame.UserJoined(u, time)
                        : new ServerFrame.UserLeft(u, time);
            }
            case Wire.TYPE_ERROR: {
                String code = Json.string(o, Wire.CODE);
                return code == null ? null
                        : new ServerFrame.Error(code, Json.string(o, Wire.MESSAGE), Json.string(o, Wire.CLIENT_MSG_ID));
            }
            case Wire.TYPE_HISTORY:
                return new ServerFrame.HistoryPage(roomOf(o), (long) orZero(Json.number(o, Wire.BEFORE)),
                        messages(Json.array(o, Wire.MESSAGES)), Json.isTrue(o, Wire.COMPLETE));
            case Wire.TYPE_ROOM: {
                RoomEntry e = roomEntry(o);
                return e == null ? null : new ServerFrame.Room(e);
            }
            case Wire.TYPE_ROOMS:
                return new ServerFrame.RoomList(summaries(Json.array(o, Wire.ROOMS)));
            case Wire.TYPE_MEMBERS: {
                String room = Json.string(o, Wire.ROOM);
                double members = Json.number(o, Wire.MEMBERS);
                return room == null || Double.isNaN(members) ? null : new ServerFrame.Members(room, (int) members);
            }
            case Wire.TYPE_LEFT: {
                String room = Json.string(o, Wire.ROOM);
                return room == null ? null : new ServerFrame.RoomLeft(room);
            }
            case Wire.TYPE_TYPING: {
                String room = Json.string(o, Wire.ROOM);
                UserInfo u = user(o);
                return room == null || u == null ? null : new ServerFrame.Typing(room, u);
            }
            case Wire.TYPE_READ: {
                String room = Json.string(o, Wire.ROOM);
                String userId = Json.string(o, Wire.USER_ID);
                double seq = Json.number(o, Wire.SEQ);
                return room == null || userId == null || Double.isNaN(seq) ? null
                        : new ServerFrame.Read(room, userId, (long) seq);
            }
            default:
                return null;
        }
    }

    private static ServerFrame loginReply(JSObject o) {
        String userId = Json.string(o, Wire.USER_ID);
        if (!Json.isTrue(o, Wire.OK) || userId == null) {
            return null;
        }
        List<UserInfo> users = new ArrayList<>();
        JSObject list = Json.array(o, Wire.USERS);
        for (int i = 0; i < Json.length(list); i++) {
            JSObject item = Json.at(list, i);
            UserInfo u = item == null ? null : user(item);
            if (u != null) {
                users.add(u);
            }
        }
        List<RoomEntry> rooms = null;
        if (Json.has(o, Wire.ROOMS)) {
            rooms = new ArrayList<>();
            JSObject entries = Json.array(o, Wire.ROOMS);
            for (int i = 0; i < Json.length(entries); i++) {
                JSObject item = Json.at(entries, i);
                RoomEntry e = item == null ? null : roomEntry(item);
                if (e != null) {
                    rooms.add(e);
                }
            }
        }
        double total = Json.number(o, Wire.USERS_TOTAL);
        return new ServerFrame.LoginReply(userId, Json.string(o, Wire.EPOCH), Json.isTrue(o, Wire.GAP_TOO_LARGE), users,
                Double.isNaN(total) ? users.size() : (int) total, rooms, messages(Json.array(o, Wire.HISTORY)));
    }

    private static RoomEntry roomEntry(JSObject e) {
        String id = Json.string(e, Wire.ROOM);
        if (id == null) {
            return null;
        }
        Map<String, Long> reads = new LinkedHashMap<>();
        JSObject readsObject = Json.object(e, Wire.READS);
        if (readsObject != null) {
            JSObject keys = Json.keys(readsObject);
            for (int i = 0; i < Json.length(keys); i++) {
                String user = Json.stringAt(keys, i);
                double seq = Json.number(readsObject, user);
                if (!Double.isNaN(seq)) {
                    reads.put(user, (long) seq);
                }
            }
        }
        JSObject with = Json.object(e, Wire.WITH);
        String name = Json.string(e, Wire.NAME);
        return new RoomEntry(id, name == null ? "" : name, Json.isTrue(e, Wire.DIRECT), with == null ? null : user(with),
                (int) orZero(Json.number(e, Wire.MEMBERS)), (long) orZero(Json.number(e, Wire.LAST_SEQ)),
                (long) orZero(Json.number(e, Wire.LAST_TIME)), (long) orZero(Json.number(e, Wire.READ)), reads,
                Json.isTrue(e, Wire.GAP_TOO_LARGE), messages(Json.array(e, Wire.HISTORY)));
    }

    private static List<RoomSummary> summaries(JSObject list) {
        List<RoomSummary> out = new ArrayList<>();
        for (int i = 0; i < Json.length(list); i++) {
            JSObject r = Json.at(list, i);
            String id = r == null ? null : Json.string(r, Wire.ROOM);
            if (id != null) {
                String name = Json.string(r, Wire.NAME);
                out.add(new RoomSummary(id, name == null ? id : name, (int) orZero(Json.number(r, Wire.MEMBERS)),
                        (long) orZero(Json.number(r, Wire.LAST_SEQ)), (long) orZero(Json.number(r, Wire.LAST_TIME)),
                        Json.isTrue(r, Wire.JOINED)));
            }
        }
        return out;
    }

    /** The well-formed message frames of an array, in its order. */
    static List<ChatMessage> messages(JSObject list) {
        List<ChatMessage> out = new ArrayList<>();
        for (int i = 0; i < Json.length(list); i++) {
            JSObject item = Json.at(list, i);
            ChatMessage m = item == null ? null : message(item);
            if (m != null) {
                out.add(m);
            }
        }
        return out;
    }

    /** The message a frame carries, or null when a field it needs is missing. */
    private static ChatMessage message(JSObject frame) {
        double seq = Json.number(frame, Wire.SEQ);
        String data = Json.string(frame, Wire.DATA);
        String userId = Json.string(frame, Wire.USER_ID);
        if (Double.isNaN(seq) || data == null || userId == null) {
            return null;
        }
        return new ChatMessage(roomOf(frame), (long) seq, (long) orZero(Json.number(frame, Wire.TIME)), userId,
                orEmpty(Json.string(frame, Wire.USER_NAME)), orEmpty(Json.string(frame, Wire.USER_AVATAR)), data,
                Json.string(frame, Wire.CLIENT_MSG_ID));
    }

    /** A message as the frame it came in: what this device keeps of the last page. */
    static JSObject messageFrame(ChatMessage m) {
        JSObject o = Json.newObject();
        Json.putString(o, Wire.TYPE, Wire.TYPE_MESSAGE);
        Json.putString(o, Wire.ROOM, m.room());
        Json.putNumber(o, Wire.SEQ, (double) m.seq());
        Json.putNumber(o, Wire.TIME, (double) m.time());
        Json.putString(o, Wire.USER_ID, m.userId());
        Json.putString(o, Wire.USER_NAME, m.userName());
        Json.putString(o, Wire.USER_AVATAR, m.userAvatar());
        Json.putString(o, Wire.DATA, m.data());
        if (m.clientMsgId() != null) {
            Json.putString(o, Wire.CLIENT_MSG_ID, m.clientMsgId());
        }
        return o;
    }

    private static UserInfo user(JSObject o) {
        String id = Json.string(o, Wire.USER_ID);
        return id == null ? null : new UserInfo(id, orEmpty(Json.string(o, Wire.USER_NAME)), orEmpty(Json.string(o, Wire.USER_AVATAR)));
    }

    /** A frame that names no room is the lobby's, as it was before rooms. */
    private static String roomOf(JSObject o) {
        String room = Json.string(o, Wire.ROOM);
        return room == null ? Rooms.LOBBY : room;
    }

    private static double orZero(double d) {
        return Double.isNaN(d) ? 0 : d;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
