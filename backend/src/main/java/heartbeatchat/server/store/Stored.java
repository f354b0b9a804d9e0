package heartbeatchat.server.store;

import heartbeatchat.shared.protocol.ChatMessage;

/**
 * What the store did with one {@link NewMessage}: stored it as {@code message}, or found that the
 * same user had already sent the same {@code clientMsgId} ({@code duplicate}), in which case
 * {@code message} is the original.
 */
public record Stored(ChatMessage message, boolean duplicate) {
}
