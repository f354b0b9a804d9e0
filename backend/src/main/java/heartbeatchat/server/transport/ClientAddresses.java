package heartbeatchat.server.transport;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The client's address as per-address limits count it: the peer's own, unless the peer is one of
 * the reverse proxies named with {@code --trust-proxy}; then the last address of its
 * {@code X-Forwarded-For} (the one that proxy added). Anyone else's {@code X-Forwarded-For} is
 * ignored, so a client cannot pick its own address.
 */
public final class ClientAddresses {
    private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f.:]{2,45}");

    private final List<String> trustedProxies;

    public ClientAddresses(List<String> trustedProxies) {
        this.trustedProxies = List.copyOf(trustedProxies);
    }

    String of(String peer, String forwardedFor) {
        if (forwardedFor == null || !trustedProxies.contains(peer)) {
            return peer;
        }
        String last = forwardedFor.substring(forwardedFor.lastIndexOf(',') + 1).trim();
        return ADDRESS.matcher(last).matches() ? last : peer;
    }
}
