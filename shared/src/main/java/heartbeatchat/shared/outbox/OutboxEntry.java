package heartbeatchat.shared.outbox;

/** A message the user typed that the server has not confirmed yet. */
public record OutboxEntry(String clientMsgId, String data) {
}
