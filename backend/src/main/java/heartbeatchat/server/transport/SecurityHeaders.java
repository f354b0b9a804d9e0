package heartbeatchat.server.transport;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Puts the browser's protections on every HTTP response of the page: a Content Security Policy
 * that lets the page run only its own files (no inline script, no eval, no plugins, no foreign
 * connections) and never be framed, no MIME sniffing, and no referrer sent to other sites.
 */
final class SecurityHeaders extends Handler.Wrapper {
    /**
     * {@code 'self'} covers the page's own {@code ws:}/{@code wss:} WebSocket (CSP level 3);
     * {@code data:} images are the empty favicon.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";

    SecurityHeaders(Handler handler) {
        super(handler);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        HttpFields.Mutable headers = response.getHeaders();
        headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Referrer-Policy", "no-referrer");
        return super.handle(request, response, callback);
    }

    @Override
    public InvocationType getInvocationType() {
        return InvocationType.NON_BLOCKING;
    }
}
