package heartbeatchat.shared.outbox;

/** A message the user typed for a room that the server has not confirmed yet. */
public record OutboxEntry(String clientMsgId, String room, String data) {
}
