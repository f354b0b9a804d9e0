package heartbeatchat.server.transport;

/**
 * An endpoint whose writes from Jetty's WebSocket session can be handed to a {@link SocketWriter},
 * so that one writer puts every frame of the connection on the wire, Jetty's and ours, in order.
 * It overrides {@code write(Callback, ByteBuffer...)} to hand each write to {@link RoutedWrites#write}.
 */
interface RoutedEndPoint {
    RoutedWrites routing();
}
