package heartbeatchat.shared.time;

/** A scheduled task that can be called off. Cancelling twice, or after the task ran, does nothing. */
public interface Cancellable {
    void cancel();
}
