package io.theeye.admin;

import io.theeye.auth.PasswordHashing;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.security.crypto.password.PasswordEncoder;

/** The admin's bcrypt encoder, counting how many passwords it checks; a test may hold one check in the middle. */
final class CountingPasswordEncoder implements PasswordEncoder {

    private final PasswordEncoder bcrypt = PasswordHashing.encoder();
    private final AtomicInteger checks = new AtomicInteger();
    private final AtomicReference<Hold> next = new AtomicReference<>();

    /** A check held: {@code entered} opens when it starts, and it goes on once {@code released} opens. */
    record Hold(CountDownLatch entered, CountDownLatch released) {}

    /** Passwords checked so far. */
    int checks() {
        return checks.get();
    }

    /** Makes the next check wait, once started, until the hold is released. */
    Hold holdNextCheck() {
        Hold hold = new Hold(new CountDownLatch(1), new CountDownLatch(1));
        next.set(hold);
        return hold;
    }

    @Override
    public String encode(CharSequence rawPassword) {
        return bcrypt.encode(rawPassword);
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        checks.incrementAndGet();
        Hold hold = next.getAndSet(null);
        if (hold != null) {
            hold.entered().countDown();
            try {
                hold.released().await(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return bcrypt.matches(rawPassword, encodedPassword);
    }

    @Override
    public boolean upgradeEncoding(String encodedPassword) {
        return bcrypt.upgradeEncoding(encodedPassword);
    }
}
