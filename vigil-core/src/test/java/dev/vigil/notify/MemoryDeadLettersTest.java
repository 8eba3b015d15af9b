package dev.vigil.notify;

class MemoryDeadLettersTest extends DeadLettersContract {

    @Override
    protected DeadLetters store() {
        return new MemoryDeadLetters();
    }
}
