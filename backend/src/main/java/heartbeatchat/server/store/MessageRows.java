package heartbeatchat.server.store;

import heartbeatchat.shared.protocol.ChatMessage;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The {@code messages} table's columns as both SQL stores read them, and a page of rows as messages. */
final class MessageRows {
    /** In the order {@link #row} reads them. */
    static final String COLUMNS = "room_id, seq, time, user_id, user_name, user_avatar, data, client_msg_id";

    private MessageRows() {
    }

    /** Runs a query whose parameters are (room, seq, limit) and returns its messages in row order. */
    static List<ChatMessage> page(PreparedStatement q, String roomId, long seq, int limit) throws SQLException {
        q.setString(1, roomId);
        q.setLong(2, seq);
        q.setInt(3, limit);
        List<ChatMessage> out = new ArrayList<>();
        try (ResultSet r = q.executeQuery()) {
            while (r.next()) {
                out.add(row(r));
            }
        }
        return out;
    }

    static ChatMessage row(ResultSet r) throws SQLException {
        return new ChatMessage(r.getString(1), r.getLong(2), r.getLong(3), r.getString(4), r.getString(5),
                r.getString(6), r.getString(7), r.getString(8));
    }
}
