package heartbeatchat.server.transport;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which {@code Host} a WebSocket upgrade may name: the defence against DNS rebinding, where a page
 * from a name the attacker controls (its address switched to 127.0.0.1) talks to a server on this
 * machine as its own origin. Such a request names the attacker's host, so it is refused. Allowed:
 * {@code localhost}; IP addresses that are loopback or the one the server is bound to (any IP when
 * bound to every interface: a rebinding needs a name); the bound host name; and the names given with
 * {@code --public-host} ({@code *} allows any).
 */
public final class HostPolicy {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final String boundHost;
    private final List<String> publicHosts;
    private final boolean any;

    public HostPolicy(String boundHost, List<String> publicHosts) {
        this.boundHost = normalize(boundHost);
        this.publicHosts = publicHosts.stream().map(HostPolicy::normalize).toList();
        this.any = this.publicHosts.contains("*");
    }

    /** @param hostHeader the request's {@code Host}, with or without a port */
    boolean allows(String hostHeader) {
        if (any) {
            return true;
        }
        if (hostHeader == null || hostHeader.isBlank()) {
            return false;
        }
        String host = normalize(withoutPort(hostHeader.trim()));
        if (host.equals("localhost") || host.equals(boundHost) || publicHosts.contains(host)) {
            return true;
        }
        if (isIpLiteral(host)) {
            return isLoopback(host) || boundHost.equals("0.0.0.0") || boundHost.equals("::") || boundHost.isEmpty();
        }
        return false;
    }

    private static String withoutPort(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(1, end);
        }
        int colon = host.indexOf(':');
        return colon >= 0 && colon == host.lastIndexOf(':') ? host.substring(0, colon) : host;
    }

    private static boolean isIpLiteral(String host) {
        return IPV4.matcher(host).matches() || host.contains(":");
    }

    private static boolean isLoopback(String ip) {
        return ip.startsWith("127.") || ip.equals("::1");
    }

    private static String normalize(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
