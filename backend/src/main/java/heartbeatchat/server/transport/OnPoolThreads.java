package heartbeatchat.server.transport;

import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.concurrent.Executor;

/**
 * Runs the handler inside it (Javalin, which serves the page and may block doing it) on the
 * server's thread pool, and says of itself that it never blocks. Jetty can then parse every HTTP
 * request on the selector thread that read it: WebSocket upgrades, which never block, are done
 * there at once, and only page requests are handed to a pool thread.
 */
final class OnPoolThreads extends Handler.Wrapper {
    private final Executor pool;

    OnPoolThreads(Executor pool) {
        this.pool = pool;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Handler next = getHandler();
        if (next == null) {
            return false;
        }
        pool.execute(() -> {
            try {
                if (!next.handle(request, response, callback)) {
                    Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
                }
            } catch (Throwable failure) {
                Response.writeError(request, response, callback, failure);
            }
        });
        return true;
    }

    @Override
    public InvocationType getInvocationType() {
        return InvocationType.NON_BLOCKING;
    }
}
