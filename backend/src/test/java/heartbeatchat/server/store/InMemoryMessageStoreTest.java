package heartbeatchat.server.store;

class InMemoryMessageStoreTest extends MessageStoreContract {
    @Override
    protected MessageStore create() {
        return new InMemoryMessageStore();
    }
}
