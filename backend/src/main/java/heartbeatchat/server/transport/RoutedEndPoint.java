package heartbeatchat.server.transport;

/**
 * An endpoint whose writes from Jetty's WebSocket session can be handed to a {@link SocketWriter},
 * so that one writer puts every frame of the connection on the wire, Jetty's and ours, in order.
 * It overrides {@code write(Callback, ByteBuffer...)} to offer each write to {@link RoutedWrites#route}
 * first.
 */
interface RoutedEndPoint {
    RoutedWrites routing();
}
