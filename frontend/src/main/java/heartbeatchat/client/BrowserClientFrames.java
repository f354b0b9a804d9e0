package heartbeatchat.client;

import heartbeatchat.shared.protocol.ClientFrame;
import heartbeatchat.shared.protocol.ClientFrames;
import heartbeatchat.shared.protocol.LoginRequest;
import heartbeatchat.shared.protocol.Wire;
import org.teavm.jso.JSObject;

/** The page's side of the {@link ClientFrames} port: frames written with the browser's own {@code JSON}. */
final class BrowserClientFrames implements ClientFrames.Encoder {
    @Override
    public String encode(ClientFrame frame) {
        if (frame instanceof ClientFrame.Check) {
            return Wire.PING_FRAME;
        }
        JSObject o = Json.newObject();
        if (frame instanceof ClientFrame.Login login) {
            LoginRequest r = login.request();
            type(o, Wire.TYPE_LOGIN);
            putIfNotNull(o, Wire.SOCKET_ID, r.socketId());
            Json.putString(o, Wire.USER_NAME, r.userName());
            putIfNotNull(o, Wire.USER_AVATAR, r.userAvatar());
            Json.putString(o, Wire.OPENID, r.openid());
            if (r.lastSeq() >= 0) {
                Json.putNumber(o, Wire.LAST_SEQ, (double) r.lastSeq());
            }
            putIfNotNull(o, Wire.EPOCH, r.epoch());
            if (r.rooms() != null) {
                JSObject rooms = Json.newObject();
                r.rooms().forEach((room, seq) -> Json.putNumber(rooms, room, (double) seq));
                Json.putObject(o, Wire.ROOMS, rooms);
            }
        } else if (frame instanceof ClientFrame.Chat chat) {
            type(o, Wire.TYPE_MESSAGE);
            Json.putString(o, Wire.ROOM, chat.room());
            Json.putString(o, Wire.DATA, chat.data());
            putIfNotNull(o, Wire.CLIENT_MSG_ID, chat.clientMsgId());
        } else if (frame instanceof ClientFrame.History h) {
            type(o, Wire.TYPE_HISTORY);
            Json.putString(o, Wire.ROOM, h.room());
            Json.putNumber(o, Wire.BEFORE, (double) h.before());
        } else if (frame instanceof ClientFrame.ListRooms) {
            type(o, Wire.TYPE_ROOMS);
        } else if (frame instanceof ClientFrame.CreateRoom c) {
            type(o, Wire.TYPE_CREATE_ROOM);
            Json.putString(o, Wire.NAME, c.name());
        } else if (frame instanceof ClientFrame.JoinRoom j) {
            roomFrame(o, Wire.TYPE_JOIN_ROOM, j.room());
        } else if (frame instanceof ClientFrame.LeaveRoom l) {
            roomFrame(o, Wire.TYPE_LEAVE_ROOM, l.room());
        } else if (frame instanceof ClientFrame.OpenDirect d) {
            type(o, Wire.TYPE_OPEN_DIRECT);
            Json.putString(o, Wire.USER_ID, d.userId());
        } else if (frame instanceof ClientFrame.Typing t) {
            roomFrame(o, Wire.TYPE_TYPING, t.room());
        } else if (frame instanceof ClientFrame.Read r) {
            roomFrame(o, Wire.TYPE_READ, r.room());
            Json.putNumber(o, Wire.SEQ, (double) r.seq());
        } else {
            throw new IllegalArgumentException("not a frame a client sends");
        }
        return Json.stringify(o);
    }

    private static void type(JSObject o, String type) {
        Json.putString(o, Wire.TYPE, type);
    }

    private static void roomFrame(JSObject o, String type, String room) {
        type(o, type);
        Json.putString(o, Wire.ROOM, room);
    }

    private static void putIfNotNull(JSObject o, String key, String value) {
        if (value != null) {
            Json.putString(o, key, value);
        }
    }
}
