package heartbeatchat.client;

/** The page's entry point, called by index.html once the script is loaded. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        ChatApp.boot();
    }
}
