package heartbeatchat.server;

import heartbeatchat.shared.protocol.ErrorCode;

/** A room operation the user may not do, with the error frame that says why. */
final class RoomRefusal extends Exception {
    final ErrorCode code;

    RoomRefusal(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    static RoomRefusal noSuchRoom() {
        return new RoomRefusal(ErrorCode.NO_SUCH_ROOM, "no room with that id that you are in");
    }
}
